namespace Stadium.Protection.Slo;

/// <summary>
/// Good and total events of one endpoint in time buckets covering the longest burn-rate window, for burn rates over
/// shorter windows (Google's SRE workbook, "Alerting on SLOs": a burn rate of 1 spends the error budget in exactly
/// the SLO's window; 14.4 over 1 h spends 2 % of a 30-day budget). Buckets are keyed by their number since the
/// epoch, so a bucket is reused only once it has aged out of every window, and idle periods read as zero.
/// </summary>
internal sealed class BurnRateWindow
{
    private readonly TimeProvider _time;
    private readonly long _bucketTicks;
    private readonly long[] _slot;
    private readonly long[] _good;
    private readonly long[] _total;
    private readonly Lock _gate = new();

    /// <param name="bucket">The resolution: events are counted per bucket, and a window covers whole buckets.</param>
    /// <param name="longest">The longest window asked for.</param>
    public BurnRateWindow(TimeProvider time, TimeSpan bucket, TimeSpan longest)
    {
        _time = time;
        _bucketTicks = bucket.Ticks;
        var count = (int)Math.Ceiling(longest.Ticks / (double)bucket.Ticks) + 1;
        _slot = new long[count];
        Array.Fill(_slot, -1);
        _good = new long[count];
        _total = new long[count];
    }

    public void Record(bool good)
    {
        var now = Now();
        var index = (int)(now % _slot.Length);
        lock (_gate)
        {
            if (_slot[index] != now)
            {
                _slot[index] = now;
                _good[index] = 0;
                _total[index] = 0;
            }

            _total[index]++;
            if (good)
            {
                _good[index]++;
            }
        }
    }

    /// <summary>Events in the last <paramref name="window"/> (whole buckets, the current one included).</summary>
    public (long Good, long Total) Over(TimeSpan window)
    {
        var now = Now();
        var first = now - Math.Max(1, (long)Math.Ceiling(window.Ticks / (double)_bucketTicks)) + 1;
        long good = 0, total = 0;
        lock (_gate)
        {
            for (var i = 0; i < _slot.Length; i++)
            {
                if (_slot[i] >= first && _slot[i] <= now)
                {
                    good += _good[i];
                    total += _total[i];
                }
            }
        }

        return (good, total);
    }

    /// <summary>
    /// How fast the window spends the error budget: the share of bad events divided by the share allowed
    /// (<paramref name="errorBudget"/>, 1 - availability). 0 without events: no traffic spends nothing.
    /// </summary>
    public double BurnRate(TimeSpan window, double errorBudget)
    {
        var (good, total) = Over(window);
        return total == 0 ? 0 : (total - good) / (double)total / errorBudget;
    }

    private long Now() => _time.GetUtcNow().UtcTicks / _bucketTicks;
}
