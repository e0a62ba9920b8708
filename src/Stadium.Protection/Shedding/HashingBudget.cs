namespace Stadium.Protection.Shedding;

/// <summary>
/// How much CPU password hashing may take: what the rest of the node leaves of its CPU limit, less a headroom, and never
/// less than a minimum share. A lower OS priority alone does not protect reads under a CPU quota: the quota is spent
/// by whichever thread runs, and once hashing has spent it the whole node (reads included) waits for the next period;
/// measured, a 10 x login storm raised the feed's p99 6.6-fold on one core with nice-10 hashing threads. So the pool
/// spends from a bucket of CPU time that fills at the allowed rate (holding at most <see cref="Burst"/>), and a hash
/// waits while the bucket is empty. The rate is recomputed every <see cref="Window"/> from the process's CPU time less
/// hashing's own, smoothed. Hashing's own is read from the hashing threads' CPU clocks, a hash still running
/// included (<see cref="HashingCpu"/>): one hash lasts several windows (250 ms of CPU at 600,000 iterations), and
/// counting what it used so far as the rest of the node's work made a quiet half-core node see itself busy and allow
/// hashing only its minimum share (logins 2.7 s apart, measured). Without those clocks, each hash's CPU is counted
/// when it ends, which misreads hashes that overlap on several threads. Thread-safe: the pool's threads share one budget.
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
    private Func<TimeSpan>? _hashingCpu;
    private TimeSpan _windowHashingStart;
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

    /// <summary>
    /// The CPU time the hashing threads have used in all, a hash still running included; null (the default): each
    /// hash's CPU counts when it ends (<see cref="Spent"/>).
    /// </summary>
    public Func<TimeSpan>? HashingCpu
    {
        set
        {
            lock (_lock)
            {
                _hashingCpu = value;
                _windowHashingStart = value?.Invoke() ?? TimeSpan.Zero;
            }
        }
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
            // Counted before the window closes: the process's CPU time it reads already holds this hash.
            _windowHashing += cpu;
            Refill();
            _tokens -= cpu.TotalSeconds;
        }
    }

    private void Refill()
    {
        var now = _time.GetTimestamp();
        var windowElapsed = _time.GetElapsedTime(_windowStart, now);
        if (windowElapsed >= Window)
        {
            var cpu = _processCpu();
            var hashingNow = _hashingCpu?.Invoke() ?? TimeSpan.Zero;
            var hashing = _hashingCpu is null ? _windowHashing : hashingNow - _windowHashingStart;
            var other = Math.Max(0, (cpu - _windowCpu - hashing).TotalSeconds) / windowElapsed.TotalSeconds;
            _windowHashingStart = hashingNow;
            _otherCores = (0.7 * _otherCores) + (0.3 * other);
            _rate = Math.Max(_minShare * _cores, (_cores * (1 - _headroom)) - _otherCores);
            (_windowStart, _windowCpu, _windowHashing) = (now, cpu, TimeSpan.Zero);
        }

        _tokens = Math.Min(Burst.TotalSeconds, _tokens + (_rate * _time.GetElapsedTime(_lastRefill, now).TotalSeconds));
        _lastRefill = now;
    }
}
