namespace Stadium.Protection.Shedding;

/// <summary>
/// The CPU side of shedding. A node whose CPU is saturated queues new requests in the thread pool before any
/// middleware sees them, while the few in the pipeline still finish quickly: the concurrency limit cannot see that
/// queue. Its symptom is thread-pool lag (<see cref="ThreadPoolLag"/>): when even the smallest lag of a window exceeds
/// <see cref="SheddingOptions.LagTarget"/>, a queue is standing (CoDel's test) and the share of arrivals admitted
/// falls by a tenth; while the lag stays under half the target it climbs back by two points a window (AIMD).
/// The share never falls below nine tenths of the node's measured capacity (requests it finished per window while it
/// kept up, or while saturated without shedding) over the arrivals, and the CPU side sheds nothing at all while a
/// refusal is measured to cost more than <see cref="SheddingOptions.MaxRefusalCost"/> of an answer
/// (<see cref="RefusalCost"/>): shedding that frees no CPU only loses the answers it refuses.
/// The share becomes a priority level from the window's arrivals per priority: priorities below the level are
/// admitted, the boundary one with the level's fractional part as probability, the rest shed at once. Priorities are
/// tier x cohort, so the node sheds bulk first, then anonymous, then signed-in cohorts from the back, and the same
/// cohorts stay served while the overload lasts; if every request shares one priority, the right share of it is shed.
/// </summary>
internal sealed class PriorityThreshold
{
    /// <summary>
    /// Arrivals per second below which lag is never blamed on requests: a quiet node on a busy machine (CI, a laptop
    /// compiling) lags too, and shedding its few requests would help nothing. A node at its limit serves far more.
    /// </summary>
    public const int BusyArrivalsPerSecond = 250;

    /// <summary>The smallest share admitted: a node that serves nobody has no latency left to learn from.</summary>
    private const double MinAdmitted = 0.05;

    private readonly int[] _arrivals;
    private readonly TimeSpan _target;
    private readonly int _busyArrivals;
    private readonly TimeSpan _window;
    private readonly RefusalCost _cost;
    private double _admitted = 1;
    private double _level;
    private int _completed;
    private int _refused;
    private double _capacity;
    private double _costRatio = double.NaN;

    public PriorityThreshold(SheddingOptions options, Func<TimeSpan>? cpuTime = null)
    {
        _window = options.Window;
        _cost = new RefusalCost(options.MaxRefusalCost, cpuTime ?? RefusalCost.ProcessCpuTime);
        _arrivals = new int[Enum.GetValues<PriorityTier>().Length * options.Cohorts];
        _target = options.LagTarget;
        _busyArrivals = (int)Math.Ceiling(BusyArrivalsPerSecond * options.Window.TotalSeconds);
        _level = _arrivals.Length;
    }

    /// <summary>Priorities below this are admitted (the priority count when nothing is shed).</summary>
    public double Level => Volatile.Read(ref _level);

    /// <summary>The share of arrivals the node means to admit.</summary>
    public double Admitted => Volatile.Read(ref _admitted);

    /// <summary>A refusal's measured CPU cost over a served answer's (NaN while unmeasured).</summary>
    public double RefusalCostRatio => Volatile.Read(ref _costRatio);

    /// <summary>
    /// One window's smallest thread-pool lag; the requests that arrived since the last window are counted in.
    /// Called from one thread only (the lag probe).
    /// </summary>
    public void OnWindow(TimeSpan minLag)
    {
        var counts = new int[_arrivals.Length];
        var total = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = Interlocked.Exchange(ref _arrivals[i], 0);
            total += counts[i];
        }

        var completed = Interlocked.Exchange(ref _completed, 0);
        _cost.OnWindow(completed, Interlocked.Exchange(ref _refused, 0), _window);
        Volatile.Write(ref _costRatio, _cost.Ratio);
        var admitted = _admitted;
        var lagging = minLag > _target && total >= _busyArrivals;
        if (lagging && admitted >= 1)
        {
            // Saturated and shedding nothing: what it finishes now is what it can do.
            _capacity = _capacity == 0 ? completed : (0.8 * _capacity) + (0.2 * completed);
        }
        else if (!lagging)
        {
            _capacity = Math.Max(_capacity, completed);
        }

        if (lagging && !_cost.Relieves)
        {
            admitted = 1;
        }
        else if (lagging)
        {
            var floor = _capacity > 0 ? Math.Min(1, 0.9 * _capacity / total) : MinAdmitted;
            admitted = Math.Max(Math.Max(MinAdmitted, floor), admitted * 0.9);
        }
        else if (minLag < _target / 2)
        {
            admitted = Math.Min(1, admitted + 0.02);
        }

        Volatile.Write(ref _admitted, admitted);
        if (admitted >= 1)
        {
            Volatile.Write(ref _level, _arrivals.Length);
        }
        else if (total > 0)
        {
            Volatile.Write(ref _level, LevelFor(counts, total * admitted));
        }
    }

    /// <summary>Whether a request at <paramref name="priority"/> is admitted at the current level.</summary>
    public bool Admits(int priority, Random random)
    {
        Interlocked.Increment(ref _arrivals[Math.Clamp(priority, 0, _arrivals.Length - 1)]);
        var level = Level;
        return priority < Math.Floor(level) || (priority < level && random.NextDouble() < level - Math.Floor(level));
    }

    /// <summary>An admitted request finished: the node's capacity is measured from these.</summary>
    public void Completed() => Interlocked.Increment(ref _completed);

    /// <summary>A request was refused (by either side of shedding): what refusals cost is measured from these.</summary>
    public void Refused() => Interlocked.Increment(ref _refused);

    /// <summary>The level below which <paramref name="wanted"/> of the window's arrivals fall.</summary>
    private static double LevelFor(int[] counts, double wanted)
    {
        var below = 0.0;
        for (var priority = 0; priority < counts.Length; priority++)
        {
            if (counts[priority] > 0 && below + counts[priority] >= wanted)
            {
                return priority + ((wanted - below) / counts[priority]);
            }

            below += counts[priority];
        }

        return counts.Length;
    }
}
