using Npgsql;
using StackExchange.Redis;
using Stadium.Infra.Chaos;

namespace Stadium.Infra;

/// <summary>Asks each server in the settings file for its role and, for standbys, their lag.</summary>
public static class InfraStatusProbe
{
    private const int ConnectTimeoutSeconds = 3;

    private sealed record ReplicationRow(string? State, long? LagBytes, TimeSpan? ReplayLag);

    public static async Task<IReadOnlyList<ServerStatus>> ProbeAsync(InfraSettings settings, CancellationToken ct)
    {
        var infra = settings.Infra;
        var primary = infra.Servers.FirstOrDefault(s => s.Role == ServerRoles.Primary);
        var replication = primary is null
            ? new Dictionary<string, ReplicationRow>()
            : await TryReadReplicationAsync(infra, primary, ct);

        var statuses = new List<ServerStatus>();
        foreach (var server in infra.Servers)
        {
            statuses.Add(server.Kind switch
            {
                ServerRoles.RedisKind => await ProbeRedisAsync(server),
                ServerRoles.ChaosProxyKind => await ProbeChaosProxyAsync(server, ct),
                _ when server.Role == ServerRoles.Primary => await ProbePrimaryAsync(infra, server, ct),
                _ => await ProbeReplicaAsync(infra, server, replication.GetValueOrDefault(server.Name), ct),
            });
        }

        return statuses;
    }

    private static async Task<ServerStatus> ProbePrimaryAsync(InfraSection infra, ServerRecord server, CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenAsync(infra, server, ct);
            await using var command = new NpgsqlCommand(
                "SELECT pg_is_in_recovery(), (SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming')::int",
                connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return Answered(server) with { InRecovery = reader.GetBoolean(0), StandbysStreaming = reader.GetInt32(1) };
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return Unreachable(server, e);
        }
    }

    private static async Task<ServerStatus> ProbeReplicaAsync(InfraSection infra, ServerRecord server, ReplicationRow? replication, CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenAsync(infra, server, ct);
            await using var command = new NpgsqlCommand(
                "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text, pg_is_wal_replay_paused()", connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return Answered(server) with
            {
                InRecovery = reader.GetBoolean(0),
                ReplayLsn = reader.IsDBNull(1) ? null : reader.GetString(1),
                ReplayPaused = reader.GetBoolean(2),
                ReplicationState = replication?.State,
                ReplayLagBytes = replication?.LagBytes,
                ReplayLag = replication?.ReplayLag,
            };
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return Unreachable(server, e);
        }
    }

    /// <summary>The primary's view of its standbys, keyed by their cluster_name; empty when it cannot be asked.</summary>
    private static async Task<Dictionary<string, ReplicationRow>> TryReadReplicationAsync(InfraSection infra, ServerRecord primary, CancellationToken ct)
    {
        var rows = new Dictionary<string, ReplicationRow>();
        try
        {
            await using var connection = await OpenAsync(infra, primary, ct);
            await using var command = new NpgsqlCommand(
                "SELECT application_name, state, pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint, replay_lag FROM pg_stat_replication",
                connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows[reader.GetString(0)] = new ReplicationRow(
                    reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetInt64(2),
                    reader.IsDBNull(3) ? null : reader.GetFieldValue<TimeSpan>(3));
            }
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            // The primary's own row reports it unreachable; standbys are still asked directly.
        }

        return rows;
    }

    private static async Task<ServerStatus> ProbeRedisAsync(ServerRecord server)
    {
        try
        {
            var options = ConfigurationOptions.Parse($"127.0.0.1:{server.Port}");
            options.AbortOnConnectFail = true;
            options.ConnectTimeout = ConnectTimeoutSeconds * 1000;
            options.ConnectRetry = 0;
            await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
            var roundTrip = await redis.GetDatabase().PingAsync();
            return Answered(server) with { PingMilliseconds = roundTrip.TotalMilliseconds };
        }
        catch (RedisException)
        {
            // The client's own message is a paragraph of tuning advice; the fact is enough here.
            return new ServerStatus(server.Name, server.Kind, server.Role, server.Port, Up: false, Error: "no answer to PING");
        }
    }

    /// <summary>The fault proxy is up while its API answers <c>GET /version</c>.</summary>
    private static async Task<ServerStatus> ProbeChaosProxyAsync(ServerRecord server, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(ConnectTimeoutSeconds) };
        return await new ProxyApiClient(http, ChaosProxyServer.ApiUri(server.Port)).AnswersAsync(ct)
            ? Answered(server)
            : new ServerStatus(server.Name, server.Kind, server.Role, server.Port, Up: false, Error: "no answer to GET /version");
    }

    private static async Task<NpgsqlConnection> OpenAsync(InfraSection infra, ServerRecord server, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(
            PostgresCredentials.AdminConnectionString(infra, server.Port) + $";Pooling=false;Timeout={ConnectTimeoutSeconds}");
        try
        {
            await connection.OpenAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static ServerStatus Answered(ServerRecord server) => new(server.Name, server.Kind, server.Role, server.Port, Up: true);

    private static ServerStatus Unreachable(ServerRecord server, Exception e) =>
        new(server.Name, server.Kind, server.Role, server.Port, Up: false, Error: e.Message);
}
