namespace Stadium.Jobs;

/// <summary>What came of a failed attempt.</summary>
public enum FailOutcome
{
    WillRetry,
    Dead,

    /// <summary>The lease was lost before the failure was reported; the job belongs to someone else now.</summary>
    LeaseLost,
}
