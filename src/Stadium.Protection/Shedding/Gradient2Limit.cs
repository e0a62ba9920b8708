namespace Stadium.Protection.Shedding;

/// <summary>
/// A concurrency limit found from measured latency, after Netflix concurrency-limits' Gradient2: the latency of each
/// window of requests (short) is compared with its long-run average (long). While short stays within
/// <see cref="SheddingOptions.Tolerance"/> of long the limit grows by about its square root per window; when requests
/// queue inside the node, short rises and the limit shrinks in proportion (by at most half per window). Changes are
/// smoothed (a fifth of the step per window) and clamped to [MinLimit, MaxLimit]. Windows last at least
/// <see cref="SheddingOptions.Window"/> and ten samples.
/// Not thread-safe: <see cref="AdmissionGate"/> calls it under its lock.
/// </summary>
internal sealed class Gradient2Limit
{
    /// <summary>Windows in the long-run average while latency falls: about a minute of 100 ms windows.</summary>
    private const int LongWindows = 600;

    /// <summary>
    /// Windows in the long-run average while latency rises: ten times slower. Gradient2's symmetric average follows
    /// the node's own queueing up, so under sustained overload the limit (and latency) crept up without end; rising
    /// slowly, the average keeps the no-load latency for minutes while a real change of workload still gets learnt.
    /// </summary>
    private const int LongWindowsRising = 6000;
    private const int WarmupWindows = 10;
    private const int MinSamplesPerWindow = 10;
    private const double Smoothing = 0.2;

    private readonly SheddingOptions _options;
    private readonly TimeProvider _time;
    private readonly double _start;
    private double _limit;
    private double _longRtt;
    private int _longCount;
    private long _windowStart;
    private double _windowRttSum;
    private int _windowSamples;
    private int _windowMaxInFlight;

    public Gradient2Limit(SheddingOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _start = Math.Clamp(options.InitialLimit, options.MinLimit, options.MaxLimit);
        _limit = _start;
        _windowStart = time.GetTimestamp();
    }

    /// <summary>The current limit (whole requests).</summary>
    public int Limit => (int)_limit;

    /// <summary>The long-run latency the limit compares against, in seconds (0 until measured).</summary>
    public double LongRttSeconds => _longRtt;

    /// <summary>One finished request: how long it ran and how many were in flight when it was admitted.</summary>
    public void OnSample(TimeSpan rtt, int inFlight)
    {
        _windowRttSum += rtt.TotalSeconds;
        _windowSamples++;
        _windowMaxInFlight = Math.Max(_windowMaxInFlight, inFlight);
        var now = _time.GetTimestamp();
        if (_windowSamples < MinSamplesPerWindow || _time.GetElapsedTime(_windowStart, now) < _options.Window)
        {
            return;
        }

        // Below the clock's resolution nothing can be compared; such a window teaches nothing.
        var shortRtt = Math.Max(_windowRttSum / _windowSamples, 1e-6);
        var maxInFlight = _windowMaxInFlight;
        _windowStart = now;
        _windowRttSum = 0;
        _windowSamples = 0;
        _windowMaxInFlight = 0;
        Update(shortRtt, maxInFlight);
    }

    private void Update(double shortRtt, int inFlight)
    {
        // Long-run average: a plain mean while warming up, then exponential, slower upwards than downwards.
        _longCount++;
        _longRtt = _longCount <= WarmupWindows
            ? _longRtt + ((shortRtt - _longRtt) / _longCount)
            : _longRtt + ((shortRtt - _longRtt) * 2 / ((shortRtt < _longRtt ? LongWindows : LongWindowsRising) + 1));

        // After a long slow spell the average is stale-high: let it come down faster, or the limit would keep
        // growing against a latency the node no longer has.
        if (_longRtt / shortRtt > 2)
        {
            _longRtt *= 0.95;
        }

        if (_options.LatencyCeiling > TimeSpan.Zero)
        {
            _longRtt = Math.Min(_longRtt, _options.LatencyCeiling.TotalSeconds);
        }

        // The latency a window may take before the limit falls: the tolerance over the long-run latency, and never more
        // than the ceiling. With the ceiling only clamping the long-run latency, a saturated edge settled at the ceiling
        // times the tolerance (a 42 ms mean under a 25 ms ceiling, a p99 near 100 ms): the ceiling is the mean it keeps.
        var accepted = _options.Tolerance * _longRtt;
        if (_options.LatencyCeiling > TimeSpan.Zero)
        {
            accepted = Math.Min(accepted, _options.LatencyCeiling.TotalSeconds);
        }

        var gradient = Math.Clamp(accepted / shortRtt, 0.5, 1.0);
        var growth = Math.Sqrt(_limit);
        var target = (_limit * gradient) + growth;

        // Too few requests to tell anything about capacity: a node using under half its limit keeps it, with one
        // exception. At light load the only windows that reach half the limit are the slow ones (a collection or a
        // stall piles requests up), so the limit only ever fell, to 5-9 at half capacity on PostgreSQL, and a 95 ms
        // pause then overflowed it (1 % of reads shed). A quiet window answered within the tolerance is evidence that
        // the node copes at this load, so it lets a limit below its starting value grow back to it (never past it:
        // growth past the start still needs a busy window to prove it).
        if (inFlight < _limit / 2)
        {
            if (_options.QuietRecovery && gradient >= 1.0 && _limit < _start)
            {
                _limit = Math.Min(_start, (_limit * (1 - Smoothing)) + (target * Smoothing));
            }

            return;
        }

        _limit = Math.Clamp((_limit * (1 - Smoothing)) + (target * Smoothing), _options.MinLimit, _options.MaxLimit);
    }
}
