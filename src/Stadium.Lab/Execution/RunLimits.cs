namespace Stadium.Lab.Execution;

/// <param name="MaxDuration">Hard cap on the run, whatever the phases say.</param>
/// <param name="MaxIterations">Hard cap on iterations started.</param>
internal sealed record RunLimits(TimeSpan MaxDuration, long MaxIterations);
