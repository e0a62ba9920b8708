using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Stadium.Protection.Dependencies;
using ZiggyCreatures.Caching.Fusion;

namespace Stadium.Service.Platform.Redis;

/// <summary>
/// Whether this node is serving without Redis right now. It is not a breaker: it observes the ones there are, the
/// connection, FusionCache's L2 and backplane breakers, and the <c>redis</c> dependency pipeline's breaker that every
/// other Redis call (timelines, revocations) goes through (<see cref="RunAsync{T}"/>). While degraded, reads come from
/// L1 and the store; responses say so in <see cref="Header"/>. Recovery needs no action: the multiplexer reconnects,
/// the breakers close.
/// </summary>
internal sealed class CacheDegradation
{
    public const string Header = "Stadium-Degraded";

    private readonly IConnectionMultiplexer _connection;
    private readonly DependencyPipeline _redis;
    private readonly Counter<long> _degraded;
    private readonly long _breakerMs;
    private long _l2BreakerOpenUntilMs;
    private long _backplaneBreakerOpenUntilMs;

    public CacheDegradation(IConnectionMultiplexer connection, IFusionCache cache, DependencyPipelines pipelines, IMeterFactory meters, IOptions<CacheOptions> cacheOptions)
    {
        _connection = connection;
        _redis = pipelines.Redis;
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
        !_connection.IsConnected || BreakerOpen(ref _l2BreakerOpenUntilMs) || BreakerOpen(ref _backplaneBreakerOpenUntilMs) || _redis.IsOpen;

    private static bool BreakerOpen(ref long openUntilMs) => Environment.TickCount64 < Interlocked.Read(ref openUntilMs);

    /// <summary>False while the connection is down or the redis breaker is open; callers then go straight to their fallback.</summary>
    public bool ShouldTryRedis => _connection.IsConnected && !_redis.IsOpen;

    /// <summary>
    /// One Redis call through the <c>redis</c> pipeline. Only Redis outages count against its breaker (a store read
    /// made inside the call fails on its own terms). Throws the outage, or the breaker's refusal, for the caller's fallback.
    /// </summary>
    public ValueTask<T> RunAsync<T>(Func<CancellationToken, ValueTask<T>> call, bool retryable, CancellationToken ct) =>
        _redis.ExecuteAsync(call, retryable, RedisConnection.IsOutage, ct);

    /// <inheritdoc cref="RunAsync{T}"/>
    public ValueTask RunAsync(Func<CancellationToken, ValueTask> call, bool retryable, CancellationToken ct) =>
        _redis.ExecuteAsync(call, retryable, RedisConnection.IsOutage, ct);

    /// <summary>Whether an exception from <see cref="RunAsync{T}"/> means "Redis is not there" (an outage, or the breaker refusing).</summary>
    public static bool IsUnavailable(Exception e) => RedisConnection.IsOutage(e) || e is Polly.CircuitBreaker.BrokenCircuitException;

    /// <summary>One operation was served by the fallback path.</summary>
    public void CountDegraded(string operation) => _degraded.Add(1, new KeyValuePair<string, object?>("operation", operation));
}
