using Npgsql;

namespace Stadium.Chaos.Faults;

/// <summary>
/// <c>replica-lag</c>: WAL replay paused on a standby for the duration, then resumed. The standby keeps receiving WAL
/// and answering reads, so it falls behind by the duration, as a standby stuck on a long query or a slow disk does.
/// </summary>
internal sealed class ReplicaLagFault(FaultSpec spec, ProcessTarget target, ChaosTarget where) : IFault
{
    private static readonly TimeSpan PauseTimeout = TimeSpan.FromSeconds(15);

    public string Describe => $"pause WAL replay on {target.Name} for {spec.Duration.TotalSeconds:0.#} s";

    /// <summary>
    /// Returns once replay has stopped: pg_wal_replay_pause() only asks, and WAL arriving before the startup process
    /// notices is still replayed.
    /// </summary>
    public async Task StartAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await ExecuteAsync(connection, "SELECT pg_wal_replay_pause()", ct);
        var deadline = DateTime.UtcNow + PauseTimeout;
        while ((string?)await ScalarAsync(connection, "SELECT pg_get_wal_replay_pause_state()", ct) != "paused")
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new FaultException($"{target.Name}: WAL replay did not pause within {PauseTimeout.TotalSeconds} s");
            }

            await Task.Delay(10, ct);
        }
    }

    public async Task RevertAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await ExecuteAsync(connection, "SELECT pg_wal_replay_resume()", ct);
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new NpgsqlConnection(where.AdminConnectionString(target));
        await connection.OpenAsync(ct);
        return connection;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(ct);
    }
}
