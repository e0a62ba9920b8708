namespace Stadium.Jobs;

/// <summary>
/// Job states. Completed jobs are deleted (their results live in the feature's own tables) unless
/// <see cref="JobsOptions.KeepCompleted"/>; dead ones are kept. Both finished states record finished_at and are swept
/// after their retention (docs/jobs.md#retention).
/// </summary>
public static class JobState
{
    public const string Available = "available";
    public const string Running = "running";
    public const string Dead = "dead";
    public const string Completed = "completed";
}
