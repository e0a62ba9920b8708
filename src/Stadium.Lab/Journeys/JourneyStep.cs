namespace Stadium.Lab.Journeys;

/// <summary>
/// The intended start of the next request in an iteration: the arrival's intended start for the first, then when the
/// previous answer let the user go on, so a slow answer is counted once, in its own request's latency.
/// </summary>
internal sealed class JourneyStep(long intendedTimestamp)
{
    public long IntendedTimestamp { get; private set; } = intendedTimestamp;

    public void Restart(TimeProvider time) => IntendedTimestamp = time.GetTimestamp();
}
