namespace Stadium.Jobs.Worker;

/// <summary>A failed job's next attempt, on the shared jittered exponential <see cref="Backoff"/>.</summary>
internal static class RetryPolicy
{
    public static TimeSpan Delay(int attempt, JobTypeOptions options, Random random) =>
        Backoff.Delay(attempt, options.Backoff, options.MaxBackoff, random.NextDouble());
}
