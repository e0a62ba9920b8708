namespace Stadium.Lab.Reports;

/// <summary>A fault injected during the run, from its start to its end in seconds since the run began: a shaded band on the report's charts.</summary>
public sealed record FaultBand(string Label, double FromSeconds, double ToSeconds);
