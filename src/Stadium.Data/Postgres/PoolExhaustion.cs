using Npgsql;

namespace Stadium.Data.Postgres;

/// <summary>Recognises "no pooled connection became free in time", which the API answers with a fast 503.</summary>
public static class PoolExhaustion
{
    public static bool IsPoolExhausted(Exception exception) =>
        exception is NpgsqlException { InnerException: TimeoutException } ||
        (exception is NpgsqlException && exception.Message.Contains("connection pool has been exhausted", StringComparison.OrdinalIgnoreCase));
}
