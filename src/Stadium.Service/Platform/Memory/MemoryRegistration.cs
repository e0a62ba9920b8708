using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Stadium.Protection.Memory;
using Stadium.Protection.Settings;

namespace Stadium.Service.Platform.Memory;

public static class MemoryRegistration
{
    /// <summary>
    /// The node's memory budget (Stadium:Memory, checked at start), the byte-bounded caches the features take from it,
    /// their metrics, and the pressure monitor behind readiness and bulk shedding.
    /// </summary>
    public static WebApplicationBuilder AddMemoryBudget(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSettings<MemoryOptions>(MemoryOptions.Section, (o, check) => check
            .That(o.Budget is null || ByteSize.TryParse(o.Budget, out _), nameof(o.Budget),
                $"must be a size in bytes, or with KB, MB, GB or TB, such as 512MB (got '{o.Budget}')")
            .Between("Shares:" + nameof(o.Shares.Posts), o.Shares.Posts, 0, 1)
            .Between("Shares:" + nameof(o.Shares.Profiles), o.Shares.Profiles, 0, 1)
            .Between("Shares:" + nameof(o.Shares.Timelines), o.Shares.Timelines, 0, 1)
            .Between("Shares:" + nameof(o.Shares.Celebrities), o.Shares.Celebrities, 0, 1)
            .Between("Shares:" + nameof(o.Shares.Tokens), o.Shares.Tokens, 0, 1)
            .Between("Shares:" + nameof(o.Shares.Revocations), o.Shares.Revocations, 0, 1)
            .That(o.Shares.Sum <= 1.0 + 1e-9, nameof(o.Shares),
                $"must add up to at most 1 (got {o.Shares.Sum.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)})")
            .Between(nameof(o.TrimAt), o.TrimAt, 0.1, 1)
            .That(o.CriticalAt > o.TrimAt && o.CriticalAt <= 1, nameof(o.CriticalAt), $"must be above TrimAt and at most 1 (got {o.CriticalAt})")
            .Between(nameof(o.TrimFraction), o.TrimFraction, 0.01, 1)
            .Positive(nameof(o.CheckInterval), o.CheckInterval)
            .That(o.HeapGrowthLimit == 0 || o.HeapGrowthLimit is >= 1.05 and <= 10, nameof(o.HeapGrowthLimit),
                $"must be 0 (off) or from 1.05 to 10 (got {o.HeapGrowthLimit})")
            .Positive(nameof(o.MinFullCollectionInterval), o.MinFullCollectionInterval));
        services.TryAddSingleton<IMemoryProbe, SystemMemoryProbe>();
        services.AddSingleton(sp => MemoryBudget.Resolve(
            sp.GetRequiredService<IOptions<MemoryOptions>>().Value, sp.GetRequiredService<IMemoryProbe>().ContainerLimit));
        services.AddSingleton<BoundedCaches>();
        services.AddSingleton<MemoryMetrics>();
        services.AddSingleton<HeapPacer>();
        services.AddSingleton<MemoryPressureMonitor>();
        services.AddSingleton<IMemoryPressure>(sp => sp.GetRequiredService<MemoryPressureMonitor>());
        services.AddHostedService(sp => sp.GetRequiredService<MemoryPressureMonitor>());
        services.AddSingleton(sp => new FusionMemoryPartitions(
            SizedCache(sp, CacheNames.Posts), SizedCache(sp, CacheNames.Profiles), SizedCache(sp, CacheNames.Celebrities)));
        services.AddHealthChecks().AddCheck<MemoryHealthCheck>("memory", tags: [ServiceDefaults.ReadyTag]);
        return builder;
    }

    /// <summary>A memory cache held to <paramref name="name"/>'s share of the budget, reported and trimmed with the others.</summary>
    internal static SizedMemoryCache SizedCache(IServiceProvider services, string name)
    {
        var cache = new SizedMemoryCache(
            name, services.GetRequiredService<MemoryBudget>().LimitOf(name), services.GetRequiredService<MemoryMetrics>(),
            services.GetRequiredService<TimeProvider>());
        services.GetRequiredService<BoundedCaches>().Add(cache);
        return cache;
    }

    /// <summary>Registers a cache the features built themselves with the metrics and the monitor.</summary>
    internal static T Bounded<T>(this IServiceProvider services, T cache)
        where T : IBoundedCache
    {
        services.GetRequiredService<BoundedCaches>().Add(cache);
        return cache;
    }
}
