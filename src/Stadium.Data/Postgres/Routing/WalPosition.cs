using Npgsql;
using NpgsqlTypes;

namespace Stadium.Data.Postgres.Routing;

/// <summary>WAL positions as the router compares them: the primary's current one, and how far a replica has replayed.</summary>
internal static class WalPosition
{
    public static async Task<ulong> CurrentAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT pg_current_wal_lsn()", connection);
        return (ulong)(NpgsqlLogSequenceNumber)(await command.ExecuteScalarAsync(ct))!;
    }

    public static async Task<ulong> ReplayedAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT pg_last_wal_replay_lsn()", connection);
        return (ulong)(NpgsqlLogSequenceNumber)(await command.ExecuteScalarAsync(ct))!;
    }
}
