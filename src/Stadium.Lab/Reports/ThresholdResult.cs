namespace Stadium.Lab.Reports;

/// <summary>A threshold's verdict as written to results.json.</summary>
public sealed record ThresholdResult(string Expression, string Scope, string Metric, double Limit, double? Actual, bool Passed, string Detail);
