using Dapper;
using Microsoft.Data.Sqlite;

namespace Stadium.Data.Sqlite;

/// <summary>The file opens and its schema is current.</summary>
internal sealed class SqliteStoreHealth(SqliteDatabase database) : IStoreHealth
{
    public Task<StoreHealthReport> CheckAsync(CancellationToken ct)
    {
        try
        {
            using var connection = database.Open();
            var version = connection.ExecuteScalar<int>("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
            return Task.FromResult(new StoreHealthReport(true, version, SqliteSchema.ExpectedVersion, null));
        }
        catch (SqliteException e)
        {
            return Task.FromResult(new StoreHealthReport(false, 0, SqliteSchema.ExpectedVersion, e.Message));
        }
    }
}
