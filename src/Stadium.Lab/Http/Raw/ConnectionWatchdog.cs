namespace Stadium.Lab.Http.Raw;

/// <summary>
/// Enforces the per-request timeout for every raw connection from one timer, instead of arming a
/// timer per request (a timer change takes a global lock, which would cost more than the request).
/// A request is aborted within its timeout plus one check period (a tenth of the timeout, 10 ms .. 1 s).
/// </summary>
internal sealed class ConnectionWatchdog : IAsyncDisposable
{
    private readonly IReadOnlyList<RawHttpConnection> _connections;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _expired;

    public ConnectionWatchdog(IReadOnlyList<RawHttpConnection> connections, TimeSpan timeout, TimeProvider time)
    {
        _connections = connections;
        _time = time;
        var period = TimeSpan.FromTicks(Math.Clamp(timeout.Ticks / 10, TimeSpan.FromMilliseconds(10).Ticks, TimeSpan.FromSeconds(1).Ticks));
        _loop = WatchAsync(period, _stop.Token);
    }

    /// <summary>Exchanges aborted for running past their deadline.</summary>
    public long Expired => Interlocked.Read(ref _expired);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task WatchAsync(TimeSpan period, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(period, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                var now = _time.GetTimestamp();
                foreach (var connection in _connections)
                {
                    if (connection.ExpireIfOverdue(now))
                    {
                        Interlocked.Increment(ref _expired);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped with the workload.
        }
    }
}
