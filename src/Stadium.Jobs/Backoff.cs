namespace Stadium.Jobs;

/// <summary>
/// The one jittered exponential backoff of the code base: the job retry schedule and every dependency pipeline's retries
/// (Stadium.Protection) take their delays from it. It lives here, the lowest layer that retries, because the job
/// worker cannot reference the protection layer above it. The delay doubles per attempt up to a cap and is spread
/// over ±25 %, so a burst of failures does not come back as a synchronised burst of retries.
/// </summary>
public static class Backoff
{
    /// <param name="attempt">1 for the first retry.</param>
    /// <param name="first">The delay before the first retry, before jitter.</param>
    /// <param name="cap">The longest delay, before jitter.</param>
    /// <param name="random">A number in [0, 1), for the jitter.</param>
    public static TimeSpan Delay(int attempt, TimeSpan first, TimeSpan cap, double random)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var baseMs = Math.Min(cap.TotalMilliseconds, first.TotalMilliseconds * Math.Pow(2, exponent));
        var jitter = 0.75 + (random * 0.5);
        return TimeSpan.FromMilliseconds(baseMs * jitter);
    }
}
