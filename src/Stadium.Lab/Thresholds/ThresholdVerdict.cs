namespace Stadium.Lab.Thresholds;

/// <summary>A threshold and what the run actually measured.</summary>
internal sealed record ThresholdVerdict(Threshold Threshold, double? Actual, bool Passed, string Detail);
