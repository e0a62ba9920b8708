namespace Stadium.Jobs.Worker;

/// <summary>Exponential backoff with jitter, so a burst of failures does not come back as a synchronised burst of retries.</summary>
internal static class RetryPolicy
{
    public static TimeSpan Delay(int attempt, JobTypeOptions options, Random random)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var baseMs = Math.Min(options.MaxBackoff.TotalMilliseconds, options.Backoff.TotalMilliseconds * Math.Pow(2, exponent));
        var jitter = 0.75 + (random.NextDouble() * 0.5);
        return TimeSpan.FromMilliseconds(baseMs * jitter);
    }
}
