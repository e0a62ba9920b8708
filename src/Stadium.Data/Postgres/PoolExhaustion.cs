using Npgsql;

namespace Stadium.Data.Postgres;

/// <summary>Recognises "no pooled connection became free in time", which the API answers with a fast 503 of its own.</summary>
public static class PoolExhaustion
{
    /// <summary>
    /// Only the pool wait: every connection of the pool was busy for the whole wait. The server behind it may be
    /// perfectly healthy, so this is never a reason to take a node out of rotation (a connect timeout is).
    /// </summary>
    public static bool IsPoolWaitTimeout(Exception exception) =>
        exception is NpgsqlException && exception.Message.Contains("connection pool has been exhausted", StringComparison.OrdinalIgnoreCase);
}
