namespace Stadium.Jobs;

/// <summary>Job states. Completed jobs are deleted (their results live in the feature's own tables); dead ones are kept.</summary>
internal static class JobState
{
    public const string Available = "available";
    public const string Running = "running";
    public const string Dead = "dead";
}
