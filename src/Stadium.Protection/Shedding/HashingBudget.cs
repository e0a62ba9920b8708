namespace Stadium.Protection.Shedding;

/// <summary>
/// How much CPU password hashing may take: what the rest of the node leaves of its CPU limit, less a headroom, and never
/// less than a minimum share. A lower OS priority alone does not protect reads under a CPU quota: the quota is spent
/// by whichever thread runs, and once hashing has spent it the whole node (reads included) waits for the next period;
/// measured, a 10 x login storm raised the feed's p99 6.6-fold on one core with nice-10 hashing threads. So the pool
/// spends from a bucket of CPU time that fills at the allowed rate (holding at most <see cref="Burst"/>), and a hash
/// waits while the bucket is empty. The rate is recomputed every <see cref="Window"/> from the process's CPU time less
/// hashing's own (measured per thread), smoothed. Thread-safe: the pool's threads share one budget.
/// </summary>
internal sealed class HashingBudget
{
    /// <summary>How often the allowed rate is recomputed from what the rest of the node used.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(100);

    /// <summary>The CPU time a quiet node may hash at once before the rate applies (a couple of hashes).</summary>
    public static readonly TimeSpan Burst = TimeSpan.FromMilliseconds(50);

    private readonly Lock _lock = new();
    private readonly double _cores;
    private readonly double _headroom;
    private readonly double _minShare;
    private readonly TimeProvider _time;
    private readonly Func<TimeSpan> _processCpu;
    private long _windowStart;
    private TimeSpan _windowCpu;
    private TimeSpan _windowHashing;
    private double _otherCores;
    private double _rate;
    private double _tokens;
    private long _lastRefill;

    public HashingBudget(double cores, double headroom, double minShare, TimeProvider time, Func<TimeSpan> processCpu)
    {
        (_cores, _headroom, _minShare, _time, _processCpu) = (cores, headroom, minShare, time, processCpu);
        _windowStart = _lastRefill = time.GetTimestamp();
        _windowCpu = processCpu();
        _rate = cores * (1 - headroom);
        _tokens = Burst.TotalSeconds;
    }

    /// <summary>Cores hashing may use now.</summary>
    public double Rate
    {
        get
        {
            lock (_lock)
            {
                return _rate;
            }
        }
    }

    /// <summary>How long a hash must wait before it may start (zero when the bucket holds CPU time).</summary>
    public TimeSpan DelayBeforeNext()
    {
        lock (_lock)
        {
            Refill();
            return _tokens > 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _rate) + TimeSpan.FromMilliseconds(1);
        }
    }

    /// <summary>A hash finished, having used <paramref name="cpu"/> of its thread's CPU time.</summary>
    public void Spent(TimeSpan cpu)
    {
        lock (_lock)
        {
            Refill();
            _tokens -= cpu.TotalSeconds;
            _windowHashing += cpu;
        }
    }

    private void Refill()
    {
        var now = _time.GetTimestamp();
        var windowElapsed = _time.GetElapsedTime(_windowStart, now);
        if (windowElapsed >= Window)
        {
            var cpu = _processCpu();
            var other = Math.Max(0, (cpu - _windowCpu - _windowHashing).TotalSeconds) / windowElapsed.TotalSeconds;
            _otherCores = (0.7 * _otherCores) + (0.3 * other);
            _rate = Math.Max(_minShare * _cores, (_cores * (1 - _headroom)) - _otherCores);
            (_windowStart, _windowCpu, _windowHashing) = (now, cpu, TimeSpan.Zero);
        }

        _tokens = Math.Min(Burst.TotalSeconds, _tokens + (_rate * _time.GetElapsedTime(_lastRefill, now).TotalSeconds));
        _lastRefill = now;
    }
}
