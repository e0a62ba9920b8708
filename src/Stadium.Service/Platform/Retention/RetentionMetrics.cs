using System.Diagnostics.Metrics;

namespace Stadium.Service.Platform.Retention;

/// <summary>What the retention sweeper deleted, per kind of row.</summary>
internal static class RetentionMetrics
{
    public const string MeterName = "Stadium.Retention";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Swept = Meter.CreateCounter<long>("stadium.retention.swept", "{row}", "Rows deleted by the retention sweeper.");

    public static void RecordSwept(string what, int rows)
    {
        if (rows > 0)
        {
            Swept.Add(rows, new KeyValuePair<string, object?>("what", what));
        }
    }
}
