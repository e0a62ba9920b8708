namespace Stadium.Protection.Dependencies;

/// <summary>
/// How many retries a dependency may take, as Envoy's and Finagle's retry budgets do: over a sliding window, retries
/// may be at most <c>ratio</c> of the calls plus a small floor per second (so a quiet dependency can still retry a
/// rare failure). A retry the budget refuses is not made. When a dependency slows down and every call fails, callers
/// then add at most that share of load instead of multiplying it by the retry count: the budget is what stops a
/// retry storm from feeding itself. The window is kept as ten buckets on the given clock; a lock guards them (the
/// work per call is a few additions).
/// </summary>
internal sealed class RetryBudget
{
    private const int Buckets = 10;

    private readonly double _ratio;
    private readonly double _floor;
    private readonly long _bucketTicks;
    private readonly TimeProvider _time;
    private readonly long[] _calls = new long[Buckets];
    private readonly long[] _retries = new long[Buckets];
    private readonly Lock _lock = new();
    private long _currentBucket;

    /// <param name="ratio">Retries as a share of calls (0.2 = one retry per five calls).</param>
    /// <param name="minPerSecond">Retries allowed per second of the window whatever the calls.</param>
    /// <param name="window">How far back calls and retries count.</param>
    public RetryBudget(double ratio, double minPerSecond, TimeSpan window, TimeProvider time)
    {
        _ratio = ratio;
        _floor = minPerSecond * window.TotalSeconds;
        _time = time;
        _bucketTicks = Math.Max(1, (long)(window.TotalSeconds * time.TimestampFrequency / Buckets));
        _currentBucket = time.GetTimestamp() / _bucketTicks;
    }

    /// <summary>Retries the budget would allow right now (never below zero).</summary>
    public double Available
    {
        get
        {
            lock (_lock)
            {
                Advance();
                return Math.Max(0, Allowance() - _retries.Sum());
            }
        }
    }

    /// <summary>A first attempt was made: it earns the budget <c>ratio</c> of a retry.</summary>
    public void RecordCall()
    {
        lock (_lock)
        {
            Advance();
            _calls[_currentBucket % Buckets]++;
        }
    }

    /// <summary>Takes one retry from the budget; false (and nothing taken) when the window has used its share.</summary>
    public bool TryRetry()
    {
        lock (_lock)
        {
            Advance();
            if (_retries.Sum() + 1 > Allowance())
            {
                return false;
            }

            _retries[_currentBucket % Buckets]++;
            return true;
        }
    }

    private double Allowance() => _floor + (_ratio * _calls.Sum());

    /// <summary>Clears the buckets that fell out of the window since the last call.</summary>
    private void Advance()
    {
        var now = _time.GetTimestamp() / _bucketTicks;
        for (var bucket = _currentBucket + 1; bucket <= now && bucket <= _currentBucket + Buckets; bucket++)
        {
            _calls[bucket % Buckets] = 0;
            _retries[bucket % Buckets] = 0;
        }

        _currentBucket = Math.Max(_currentBucket, now);
    }
}
