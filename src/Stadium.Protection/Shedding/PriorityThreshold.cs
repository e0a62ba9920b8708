namespace Stadium.Protection.Shedding;

/// <summary>
/// The CPU side of shedding. A node whose CPU is saturated queues new requests in the thread pool before any
/// middleware sees them, while the few in the pipeline still finish quickly: the concurrency limit cannot see that
/// queue. Its symptom is thread-pool lag (<see cref="ThreadPoolLag"/>): when even the smallest lag of a window exceeds
/// <see cref="SheddingOptions.LagTarget"/>, a queue is standing (CoDel's test), and the admission level falls by a
/// tenth; while the lag stays under half the target it climbs back slowly (AIMD). Requests whose priority lies at or
/// above the level are shed at once, the cheapest answer the node has; the boundary priority is admitted with the
/// level's fractional part as probability. Priorities are tier x cohort, so the node sheds bulk first, then anonymous,
/// then signed-in cohorts from the back, and the same cohorts stay served while the overload lasts.
/// </summary>
internal sealed class PriorityThreshold
{
    /// <summary>
    /// Arrivals per second below which lag is never blamed on requests: a quiet node on a busy machine (CI, a laptop
    /// compiling) lags too, and shedding its few requests would help nothing. A node at its limit serves far more.
    /// </summary>
    public const int BusyArrivalsPerSecond = 250;

    private readonly double _levels;
    private readonly TimeSpan _target;
    private readonly int _busyArrivals;
    private double _level;
    private int _arrivals;

    public PriorityThreshold(SheddingOptions options)
    {
        _levels = Enum.GetValues<PriorityTier>().Length * options.Cohorts;
        _target = options.LagTarget;
        _busyArrivals = (int)Math.Ceiling(BusyArrivalsPerSecond * options.Window.TotalSeconds);
        _level = _levels;
    }

    /// <summary>Priorities below this are admitted (one past the last priority when nothing is shed).</summary>
    public double Level => Volatile.Read(ref _level);

    /// <summary>One window's smallest thread-pool lag; the requests that arrived since the last window are counted in. Called from one thread only (the lag probe).</summary>
    public void OnWindow(TimeSpan minLag)
    {
        var level = _level;
        var arrivals = Interlocked.Exchange(ref _arrivals, 0);
        if (minLag > _target && arrivals >= _busyArrivals)
        {
            // Never below one signed-in cohort: a node that serves nobody has no latency left to learn from.
            level = Math.Max(1, level * 0.9);
        }
        else if (minLag < _target / 2)
        {
            level = Math.Min(_levels, level + Math.Max(0.25, level * 0.02));
        }

        Volatile.Write(ref _level, level);
    }

    /// <summary>Whether a request at <paramref name="priority"/> is admitted at the current level.</summary>
    public bool Admits(int priority, Random random)
    {
        Interlocked.Increment(ref _arrivals);
        var level = Level;
        return priority < Math.Floor(level) || (priority < level && random.NextDouble() < level - Math.Floor(level));
    }
}
