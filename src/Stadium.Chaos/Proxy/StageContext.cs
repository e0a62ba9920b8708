namespace Stadium.Chaos.Proxy;

/// <summary>What a toxic's stage works with: the proxy's clock, the connection it acts on and a random source.</summary>
internal sealed class StageContext(TimeProvider time, IConnectionControl connection, Random random)
{
    public TimeProvider Time { get; } = time;

    public IConnectionControl Connection { get; } = connection;

    public Random Random { get; } = random;

    /// <summary>
    /// Waits <paramref name="delay"/> on the proxy's clock. False when <paramref name="interrupt"/> fired first (the
    /// toxics changed: Toxiproxy's toxics then let the held data go at once); throws once the connection is closed.
    /// </summary>
    public async ValueTask<bool> WaitAsync(TimeSpan delay, CancellationToken interrupt)
    {
        if (delay <= TimeSpan.Zero)
        {
            return true;
        }

        try
        {
            // Timers fire on a millisecond tick and may come a little early: wait again for what is left, so a
            // toxic's delay is never shorter than asked.
            var start = Time.GetTimestamp();
            for (var left = delay; left > TimeSpan.Zero; left = delay - Time.GetElapsedTime(start))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(left.TotalMilliseconds)), Time, interrupt);
            }

            return true;
        }
        catch (OperationCanceledException) when (!Connection.Closed.IsCancellationRequested)
        {
            return false;
        }
    }
}
