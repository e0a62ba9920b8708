using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Stadium.Protection.Settings;
using Stadium.Service.Platform;
using Stadium.Service.Platform.Memory;
using Stadium.Service.Platform.Redis;

namespace Stadium.Service.Features.Feed;

/// <summary>The home feed: fan-out on write into capped timelines (in memory, or in Redis when configured), merge on read for celebrities.</summary>
public static class FeedModule
{
    public static WebApplicationBuilder AddFeed(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSettings<FeedOptions>(FeedOptions.Section, (feed, check) => check
            .AtLeast(nameof(feed.TimelineCapacity), feed.TimelineCapacity, 1)
            .AtLeast(nameof(feed.CelebrityFollowers), feed.CelebrityFollowers, 0)
            .AtLeast(nameof(feed.MaxResidentTimelines), feed.MaxResidentTimelines, 1));
        if (builder.Configuration.RedisConfigured())
        {
            // Shared timelines, with a per-node fallback while Redis is unreachable.
            services.AddSingleton<RedisTimelineStore>();
            services.AddSingleton<ITimelineStore, DegradableTimelineStore>();
        }
        else
        {
            // Bounded in total by the "timelines" share of the memory budget as well as per user and in count.
            services.TryAddSingleton<ITimelineStore>(sp => sp.Bounded(new InMemoryTimelineStore(
                sp.GetRequiredService<IOptions<FeedOptions>>(), sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<MemoryBudget>().LimitOf(CacheNames.Timelines), sp.GetRequiredService<MemoryMetrics>())));
        }

        services.AddSingleton<CelebrityDirectory>();
        services.AddSingleton<IFanOut, TimelineWriter>();
        services.AddSingleton<FeedReader>();
        return builder;
    }

    public static RouteGroupBuilder MapFeed(this RouteGroupBuilder v1)
    {
        v1.MapGet("/feed", FeedEndpoints.Read).WithTag("Feed", "My home timeline: the posts of the accounts I follow, and my own.")
            .Describe("ReadFeed", "Read my home feed",
                "The newest posts of the accounts I follow and my own, merged newest first." + PageQuery.Paging);
        return v1;
    }
}
