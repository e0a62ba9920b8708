namespace Stadium.Lab.Measurement;

/// <summary>Where a phase began, in seconds since the run started: the boundaries the charts and the dashboard draw.</summary>
public sealed record PhaseMark(string Name, double AtSeconds);
