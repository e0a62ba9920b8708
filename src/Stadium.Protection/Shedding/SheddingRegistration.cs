using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Stadium.Protection.Memory;
using Stadium.Protection.Settings;

namespace Stadium.Protection.Shedding;

/// <summary>The adaptive concurrency limiter with its priority queue, and the low-priority password hashing pool.</summary>
internal static class SheddingRegistration
{
    /// <param name="section">Where it is configured: a node's own section, or the gateway's edge shedding (Stadium:Gateway:Shedding).</param>
    public static IHostApplicationBuilder AddAdaptiveShedding(this IHostApplicationBuilder builder, string section = SheddingOptions.Section)
    {
        var services = builder.Services;
        services.AddSettings<SheddingOptions>(section, (o, check) => check
            .AtLeast(nameof(o.MinLimit), o.MinLimit, 1)
            .AtLeast(nameof(o.MaxLimit), o.MaxLimit, o.MinLimit)
            .That(o.InitialLimit >= o.MinLimit && o.InitialLimit <= o.MaxLimit, nameof(o.InitialLimit), "must lie between MinLimit and MaxLimit")
            .Between(nameof(o.Tolerance), o.Tolerance, 1, 10)
            .Positive(nameof(o.Window), o.Window)
            .NotNegative(nameof(o.LatencyCeiling), o.LatencyCeiling)
            .Positive(nameof(o.LagTarget), o.LagTarget)
            .Between(nameof(o.MaxRefusalCost), o.MaxRefusalCost, 0, 10)
            .AtLeast(nameof(o.QueueSize), o.QueueSize, 0)
            .NotNegative(nameof(o.QueueTimeout), o.QueueTimeout)
            .That(o.QueueTimeout <= TimeSpan.FromSeconds(1), nameof(o.QueueTimeout), "must be at most 1 s (a queue that long is a backlog)")
            .Positive(nameof(o.RetryAfterMin), o.RetryAfterMin)
            .That(o.RetryAfterMax >= o.RetryAfterMin, nameof(o.RetryAfterMax), "must be at least RetryAfterMin")
            .AtLeast(nameof(o.Cohorts), o.Cohorts, 1)
            .Positive(nameof(o.CohortRotation), o.CohortRotation)
            .AtLeast(nameof(o.HashingThreads), o.HashingThreads, 1)
            .Between(nameof(o.HashingHeadroom), o.HashingHeadroom, 0, 0.9)
            .Between(nameof(o.HashingMinShare), o.HashingMinShare, 0.01, 1));

        // The machine's clock, not the node's TimeProvider: the shedder measures how long work really takes and waits
        // real milliseconds, whatever clock the business logic runs on (tests drive that one by hand).
        services.AddSingleton(sp => new AdmissionGates(sp.GetRequiredService<IOptions<SheddingOptions>>().Value, TimeProvider.System));
        services.AddSingleton(sp => new RequestPriority(sp.GetRequiredService<IOptions<SheddingOptions>>().Value, TimeProvider.System));
        services.AddSingleton(sp => new PriorityThreshold(sp.GetRequiredService<IOptions<SheddingOptions>>().Value));
        services.AddSingleton<ThreadPoolLag>();
        services.AddHostedService(sp => sp.GetRequiredService<ThreadPoolLag>());
        services.AddSingleton<SheddingMetrics>();
        services.TryAddSingleton<IMemoryPressure, NoMemoryPressure>();
        services.AddSingleton(sp => new HashingPool(sp.GetRequiredService<IOptions<SheddingOptions>>()));
        return builder;
    }

    public static IApplicationBuilder UseAdaptiveShedding(this IApplicationBuilder app) => app.UseMiddleware<SheddingMiddleware>();
}
