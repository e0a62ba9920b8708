using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Stadium.Protection.Dependencies;
using Stadium.Protection.Settings;
using Stadium.Protection.Slo;
using Stadium.Service.Platform.Memory;
using Stadium.Service.Platform.Redis;
using ZiggyCreatures.Caching.Fusion;

namespace Stadium.Service.Platform;

public static class CacheRegistration
{
    /// <summary>
    /// The cache every feature reads through (IFusionCache): in-process L1; with Stadium:Redis:Configuration set, Redis
    /// L2 and backplane are added without touching the typed callers. "Stadium:Cache" and "Stadium:Redis" are checked at start.
    /// </summary>
    public static WebApplicationBuilder AddCache(this WebApplicationBuilder builder)
    {
        builder.Services.AddSettings<CacheOptions>(CacheOptions.Section, (cache, check) => check
            .Positive(nameof(cache.PostDuration), cache.PostDuration)
            .Positive(nameof(cache.ProfileDuration), cache.ProfileDuration)
            .Positive(nameof(cache.FailSafeMaxDuration), cache.FailSafeMaxDuration)
            .Positive(nameof(cache.DistributedSoftTimeout), cache.DistributedSoftTimeout)
            .Positive(nameof(cache.DistributedHardTimeout), cache.DistributedHardTimeout)
            .NotNegative(nameof(cache.DistributedCircuitBreakerDuration), cache.DistributedCircuitBreakerDuration));
        builder.Services.AddRedisSettings();
        builder.Services.AddSingleton<CacheRoundTrips>();
        builder.Services.AddSingleton<IStartupFilter, DegradedHeader>();
        builder.Logging.AddFilter("ZiggyCreatures.Caching.Fusion", LogLevel.Warning);

        // The entry defaults are fixed when the cache is built; a value out of range fails the start (above) before any is used.
        var options = builder.Configuration.GetSection(CacheOptions.Section).Get<CacheOptions>() ?? new CacheOptions();
        var redis = builder.Configuration.GetSection(RedisOptions.Section).Get<RedisOptions>() ?? new RedisOptions();
        // How stale a read may be served while its dependency is down: slo.yaml's budgets, or one setting for all of them.
        var staleness = new CacheStaleness(
            builder.GetSloObjectives().Staleness,
            builder.Configuration.GetSection(DependenciesOptions.Section).Get<DependenciesOptions>()?.StalenessBudget,
            options.FailSafeMaxDuration);
        builder.Services.AddSingleton(staleness);
        // L1 is held to the memory budget: posts, profiles and celebrity lists each within their share (Stadium:Memory).
        builder.AddMemoryBudget();
        builder.Services.AddFusionCache().WithMemoryCache(sp => sp.GetRequiredService<FusionMemoryPartitions>()).WithDefaultEntryOptions(entry =>
        {
            entry.Duration = options.PostDuration;
            entry.IsFailSafeEnabled = options.FailSafe;
            entry.FailSafeMaxDuration = staleness.For(CacheStaleness.Posts);
            entry.FailSafeThrottleDuration = TimeSpan.FromSeconds(30);
            entry.JitterMaxDuration = TimeSpan.FromSeconds(2);
            entry.Size = EntrySize.Unknown;
            entry.ApplyDistributedDefaults(options);
        }).AddRedisLayers(builder, redis, options);
        return builder;
    }
}
