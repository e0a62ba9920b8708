namespace Stadium.Planning.Simulate;

/// <summary>
/// A clock that moves only when the simulation advances it: the autoscaler's own classes (the scraper's windows, the
/// HPA behaviour's stabilisation and rate periods) read it as they read the wall clock in a live run, so a simulated day
/// takes seconds and the same seed gives the same decisions.
/// </summary>
internal sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public DateTimeOffset Start { get; } = start;

    public double Seconds => (_now - Start).TotalSeconds;

    public override DateTimeOffset GetUtcNow() => _now;

    public override long GetTimestamp() => (_now - DateTimeOffset.UnixEpoch).Ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        _now += by;
    }
}
