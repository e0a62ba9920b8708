using System.Diagnostics.Metrics;
using SQLitePCL;

namespace Stadium.Data.Sqlite;

/// <summary>
/// SQLite's own heap on the "Stadium.Data" meter: page caches, prepared statements and schema of every connection in
/// the process. It lives outside the managed heap, so only this gauge tells it apart from the rest of the node's RSS.
/// </summary>
internal static class SqliteMetrics
{
    public static void Register(IMeterFactory? meters)
    {
        var meter = meters?.Create(Providers.DataMeters.Name) ?? new Meter(Providers.DataMeters.Name);
        meter.CreateObservableGauge("stadium.db.sqlite.memory", () => raw.sqlite3_memory_used(), "By",
            "Bytes SQLite holds on its own heap (page caches, statements, schema) across every connection.");
    }
}
