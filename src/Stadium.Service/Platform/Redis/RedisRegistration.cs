using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using ZiggyCreatures.Caching.Fusion;
using ZiggyCreatures.Caching.Fusion.Backplane.StackExchangeRedis;
using ZiggyCreatures.Caching.Fusion.Serialization;
using ZiggyCreatures.Caching.Fusion.Serialization.SystemTextJson;

namespace Stadium.Service.Platform.Redis;

/// <summary>
/// Wires Redis in when <c>Stadium:Redis:Configuration</c> is set: FusionCache L2 and backplane, the connection the
/// features' Redis parts share (timelines, the revocation relay, the email send rate), what degradation observes
/// and a (non-failing) readiness entry. Without it the node keeps the embedded default: L1 only.
/// </summary>
public static class RedisRegistration
{
    /// <summary>
    /// Reflection-based System.Text.Json: cached types (posts, profiles, id arrays) are plain records. Fields are
    /// included so a value tuple, should one ever be cached, survives L2 instead of coming back empty (FusionCache
    /// checks this at start and warns otherwise). Text is stored as raw UTF-8 like the API writes it.
    /// </summary>
    internal static IFusionCacheSerializer CreateL2Serializer() =>
        new FusionCacheSystemTextJsonSerializer(new JsonSerializerOptions(JsonSerializerDefaults.General) { IncludeFields = true, Encoder = JsonMinimalEncoder.Instance });

    /// <summary>Adds the Redis layers to the FusionCache being built, if Redis is configured.</summary>
    public static void AddRedisLayers(this IFusionCacheBuilder cache, WebApplicationBuilder builder, RedisOptions redis, CacheOptions cacheOptions)
    {
        if (!redis.Enabled)
        {
            return;
        }

        var connection = RedisConnection.Connect(redis);
        builder.Services.AddSingleton(connection);
        cache
            .WithSerializer(CreateL2Serializer())
            .WithDistributedCache(new RedisCache(new RedisCacheOptions
            {
                ConnectionMultiplexerFactory = () => Task.FromResult(connection),
                InstanceName = "c:",
            }))
            .WithBackplane(services => new RedisBackplane(
                Microsoft.Extensions.Options.Options.Create(new RedisBackplaneOptions { ConnectionMultiplexerFactory = () => Task.FromResult(connection) }),
                services.GetService<ILogger<RedisBackplane>>() ?? NullLogger<RedisBackplane>.Instance))
            .WithOptions(fusion =>
            {
                // After a failure, skip L2/backplane for a moment instead of paying a timeout per request.
                fusion.DistributedCacheCircuitBreakerDuration = cacheOptions.DistributedCircuitBreakerDuration;
                fusion.BackplaneCircuitBreakerDuration = cacheOptions.DistributedCircuitBreakerDuration;
                fusion.EnableAutoRecovery = true;
            });

        builder.Services.AddSingleton<CacheDegradation>();
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: [ServiceDefaults.ReadyTag]);
    }

    /// <summary>L2 timings for the default entry options; no effect without an L2.</summary>
    public static void ApplyDistributedDefaults(this FusionCacheEntryOptions entry, CacheOptions cache)
    {
        entry.DistributedCacheSoftTimeout = cache.DistributedSoftTimeout;
        entry.DistributedCacheHardTimeout = cache.DistributedHardTimeout;
        // Writes to L2 and backplane notices finish in the background: a request never waits on Redis
        // to store what it already has in hand.
        entry.AllowBackgroundDistributedCacheOperations = true;
        entry.AllowBackgroundBackplaneOperations = true;
    }
}
