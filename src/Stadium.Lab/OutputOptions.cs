namespace Stadium.Lab;

/// <summary>Where a run's outputs go and which gates it must pass.</summary>
public sealed record OutputOptions(string? ResultsPath, string? ReportPath, IReadOnlyList<string> Thresholds, bool Quiet = false);
