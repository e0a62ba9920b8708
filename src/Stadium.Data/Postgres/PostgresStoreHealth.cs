using Dapper;
using Npgsql;

namespace Stadium.Data.Postgres;

/// <summary>
/// Reachable through the primary; or, while the primary does not answer, through a replica, as degraded: the node
/// still serves reads, so it stays in its load balancer's rotation (every node shares the primary, and taking all
/// of them out would turn a write outage into a whole one).
/// </summary>
internal sealed class PostgresStoreHealth(PostgresDatabase database) : IStoreHealth
{
    public async Task<StoreHealthReport> CheckAsync(CancellationToken ct)
    {
        var primaryFailure = "the primary is not answering its monitor";
        if (database.PrimaryAnswering || database.Replicas.Count == 0)
        {
            try
            {
                return new StoreHealthReport(true, await SchemaVersionAsync(database.Primary, ct), PostgresSchema.ExpectedVersion, null);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                primaryFailure = e.Message;
            }
        }

        foreach (var replica in database.Replicas.Where(r => r.Healthy))
        {
            try
            {
                return new StoreHealthReport(true, await SchemaVersionAsync(replica.Source, ct), PostgresSchema.ExpectedVersion, null,
                    $"Primary unreachable ({primaryFailure}): reads are served by {replica.Name}, writes fail.");
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                // The next replica, if any.
            }
        }

        return new StoreHealthReport(false, 0, PostgresSchema.ExpectedVersion, primaryFailure);
    }

    private static async Task<int> SchemaVersionAsync(NpgsqlDataSource source, CancellationToken ct)
    {
        await using var connection = await source.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", cancellationToken: ct));
    }
}
