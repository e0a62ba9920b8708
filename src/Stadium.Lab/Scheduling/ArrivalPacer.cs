namespace Stadium.Lab.Scheduling;

/// <summary>
/// Walks an <see cref="ArrivalSchedule"/> against a clock: hands out every arrival whose intended time
/// has come, with that intended time, so latency can be measured from it even when the dispatcher
/// itself woke late (no coordinated omission).
/// </summary>
internal sealed class ArrivalPacer
{
    private readonly ArrivalSchedule _schedule;
    private readonly long _startTimestamp;
    private readonly double _ticksPerSecond;
    private long _next;
    private long _nextDue;

    public ArrivalPacer(ArrivalSchedule schedule, TimeProvider time, long startTimestamp)
    {
        _schedule = schedule;
        _startTimestamp = startTimestamp;
        _ticksPerSecond = time.TimestampFrequency;
        _nextDue = DueTimestamp(0);
    }

    public bool Finished => _next >= _schedule.ArrivalCount;

    /// <summary>Arrivals handed out so far.</summary>
    public long Dispatched => _next;

    /// <summary>Takes the next arrival if it is due at <paramref name="now"/>; gives its intended timestamp.</summary>
    public bool TryTakeDue(long now, out long intendedTimestamp)
    {
        if (Finished || _nextDue > now)
        {
            intendedTimestamp = 0;
            return false;
        }

        intendedTimestamp = _nextDue;
        _next++;
        _nextDue = Finished ? long.MaxValue : DueTimestamp(_next);
        return true;
    }

    /// <summary>How long until the next arrival is due (zero when one is already due, null when finished).</summary>
    public TimeSpan? UntilNext(long now)
    {
        if (Finished)
        {
            return null;
        }

        var ticks = Math.Max(0, _nextDue - now);
        return TimeSpan.FromSeconds(ticks / _ticksPerSecond);
    }

    private long DueTimestamp(long n) =>
        _startTimestamp + (long)((_schedule.OffsetSeconds(n) ?? 0) * _ticksPerSecond);
}
