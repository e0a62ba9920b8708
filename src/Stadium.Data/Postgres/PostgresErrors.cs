using Npgsql;

namespace Stadium.Data.Postgres;

/// <summary>What a PostgreSQL failure means for routing and for the answer the client gets.</summary>
internal static class PostgresErrors
{
    /// <summary>
    /// Only the pool wait: every connection of the pool was busy for the whole wait. The server behind it may be
    /// perfectly healthy, so this is never a reason to take a node out of rotation (a connect timeout is).
    /// </summary>
    public static bool IsPoolWaitTimeout(Exception exception) =>
        exception is NpgsqlException && exception.Message.Contains("connection pool has been exhausted", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The server went away or stopped answering, as opposed to an error in the statement: a lost or timed-out
    /// connection, a server shutting down or not accepting connections (SQLSTATE classes 08 and 57P).
    /// </summary>
    public static bool IsNodeFailure(NpgsqlException e) =>
        e is not PostgresException { SqlState: var state } ||
        state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("57P", StringComparison.Ordinal);
}
