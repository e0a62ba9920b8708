namespace Stadium.Data.Providers;

/// <summary>The meter the data tier's instruments are on, for the host's telemetry to listen to.</summary>
public static class DataMeters
{
    public const string Name = Postgres.Routing.DatabaseMetrics.MeterName;
}
