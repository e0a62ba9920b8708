namespace Stadium.Lab.Thresholds;

internal enum ThresholdMetric
{
    Percentile,
    Max,
    Mean,
    ErrorRate,
    ErrorCount,
    RequestsPerSecond,
    Requests,
}
