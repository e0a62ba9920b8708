using StackExchange.Redis;

namespace Stadium.Service.Platform.Redis;

/// <summary>
/// The one <see cref="IConnectionMultiplexer"/> a node shares between cache L2, backplane, timelines and
/// the revocation bus. Tuned to fail fast: a request never queues behind a Redis that is down.
/// </summary>
internal static class RedisConnection
{
    public static IConnectionMultiplexer Connect(RedisOptions options)
    {
        var config = ConfigurationOptions.Parse(options.Configuration);
        // Start (and keep serving) while Redis is down; the multiplexer reconnects in the background.
        config.AbortOnConnectFail = false;
        config.ConnectTimeout = 2000;
        config.SyncTimeout = config.AsyncTimeout = (int)options.OperationTimeout.TotalMilliseconds;
        // The default backlog queues commands while disconnected, so every request would wait out the
        // timeout; failing at once lets callers fall back to L1 and the store immediately.
        config.BacklogPolicy = BacklogPolicy.FailFast;
        // Reconnect every half second rather than backing off exponentially: recovery should be quick.
        config.ReconnectRetryPolicy = new LinearRetry(500);
        config.ClientName ??= "stadium";
        return ConnectionMultiplexer.Connect(config);
    }

    /// <summary>Errors that mean "Redis is unreachable or too slow", as opposed to a bug or a failing store call.</summary>
    public static bool IsOutage(Exception e) =>
        e is RedisConnectionException or RedisTimeoutException or ObjectDisposedException
        || (e is RedisServerException server && server.Message.StartsWith("LOADING", StringComparison.Ordinal));
}
