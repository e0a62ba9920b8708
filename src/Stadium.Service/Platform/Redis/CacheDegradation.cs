using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using ZiggyCreatures.Caching.Fusion;

namespace Stadium.Service.Platform.Redis;

/// <summary>
/// Whether this node is serving without Redis right now: the connection is down, FusionCache's L2 or
/// backplane circuit breaker is open, or a Redis call failed within the last recheck interval. While
/// degraded, reads come from L1 and the store; responses say so in <see cref="Header"/>. Recovery needs
/// no action: the multiplexer reconnects, the breakers close, and the recheck window runs out.
/// </summary>
internal sealed class CacheDegradation
{
    public const string Header = "Stadium-Degraded";

    private readonly IConnectionMultiplexer _connection;
    private readonly TimeProvider _time;
    private readonly RedisOptions _options;
    private readonly Counter<long> _degraded;
    private long _failedUntilTicks;
    private readonly long _breakerMs;
    private long _l2BreakerOpenUntilMs;
    private long _backplaneBreakerOpenUntilMs;

    public CacheDegradation(IConnectionMultiplexer connection, IFusionCache cache, TimeProvider time, IMeterFactory meters, IOptions<RedisOptions> options, IOptions<CacheOptions> cacheOptions)
    {
        _connection = connection;
        _time = time;
        _options = options.Value;
        _degraded = meters.Create(StadiumMetrics.MeterName).CreateCounter<long>(
            "stadium.cache.degraded", "{operation}", "Operations served without Redis (L1 and the store instead), by operation.");
        // FusionCache's breakers only report "closed" on the next distributed call after their break,
        // and a node serving from L1 may make none for a long time. So an open breaker counts as
        // degraded only for its break duration (real time, like FusionCache's own clock).
        _breakerMs = (long)cacheOptions.Value.DistributedCircuitBreakerDuration.TotalMilliseconds;
        cache.Events.Distributed.CircuitBreakerChange += (_, e) => Interlocked.Exchange(ref _l2BreakerOpenUntilMs, e.IsClosed ? 0 : Environment.TickCount64 + _breakerMs);
        cache.Events.Backplane.CircuitBreakerChange += (_, e) => Interlocked.Exchange(ref _backplaneBreakerOpenUntilMs, e.IsClosed ? 0 : Environment.TickCount64 + _breakerMs);
    }

    public bool IsConnected => _connection.IsConnected;

    /// <summary>True while any part of the Redis tier is known to be unavailable.</summary>
    public bool IsDegraded =>
        !_connection.IsConnected || BreakerOpen(ref _l2BreakerOpenUntilMs) || BreakerOpen(ref _backplaneBreakerOpenUntilMs) || RecentlyFailed;

    private static bool BreakerOpen(ref long openUntilMs) => Environment.TickCount64 < Interlocked.Read(ref openUntilMs);

    /// <summary>False while a recent failure says "don't try Redis yet"; callers then go straight to their fallback.</summary>
    public bool ShouldTryRedis => _connection.IsConnected && !RecentlyFailed;

    private bool RecentlyFailed => _time.GetUtcNow().UtcTicks < Interlocked.Read(ref _failedUntilTicks);

    /// <summary>A Redis call failed: skip Redis for the recheck interval.</summary>
    public void ReportFailure(string operation)
    {
        Interlocked.Exchange(ref _failedUntilTicks, (_time.GetUtcNow() + _options.RecheckInterval).UtcTicks);
        CountDegraded(operation);
    }

    /// <summary>One operation was served by the fallback path.</summary>
    public void CountDegraded(string operation) => _degraded.Add(1, new KeyValuePair<string, object?>("operation", operation));
}
