namespace Stadium.Data.Postgres.Routing;

/// <summary>
/// Where the primary's WAL was at each recent probe, so a replica's replay position converts into time behind:
/// the lag is how long ago the primary first moved past that position.
/// </summary>
internal sealed class PrimaryHistory(TimeProvider time)
{
    private const int Capacity = 4096;
    private readonly Queue<(ulong Lsn, long At)> _samples = new();

    public void Add(ulong primaryLsn)
    {
        if (_samples.Count == Capacity)
        {
            _samples.Dequeue();
        }

        _samples.Enqueue((primaryLsn, time.GetTimestamp()));
    }

    /// <summary>Time since the primary first stood past <paramref name="replayLsn"/> (among the samples kept).</summary>
    public TimeSpan LagOf(ulong replayLsn)
    {
        foreach (var sample in _samples)
        {
            if (sample.Lsn > replayLsn)
            {
                return time.GetElapsedTime(sample.At);
            }
        }

        return TimeSpan.Zero;
    }
}
