using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Stadium.Protection.Settings;

namespace Stadium.Protection.RateLimits;

/// <summary>Token buckets per user, client address and endpoint class ("Stadium:Protection:RateLimits"), shared through Redis when it is configured.</summary>
internal static class RateLimitRegistration
{
    /// <param name="section">Where the limits are configured: a node's own section, or the gateway's edge limits (Stadium:Gateway:RateLimits).</param>
    public static IHostApplicationBuilder AddInboundRateLimits(this IHostApplicationBuilder builder, string section = RateLimitOptions.Section)
    {
        var services = builder.Services;
        services.AddSettings<RateLimitOptions>(section, Check);
        services.AddSingleton(sp => new LimitSharing(sp.GetService<IConnectionMultiplexer>() is not null, sp.GetRequiredService<ILogger<LimitSharing>>()));
        services.AddSingleton<LocalBuckets>();
        services.AddSingleton<InboundRateLimiter>();
        services.AddSingleton<RateLimitMetrics>();
        services.AddHostedService<NodeHeartbeat>();
        return builder;
    }

    public static IApplicationBuilder UseInboundRateLimits(this IApplicationBuilder app) => app.UseMiddleware<InboundRateLimitMiddleware>();

    private static void Check(RateLimitOptions options, SettingChecks check)
    {
        foreach (var scope in Enum.GetValues<LimitScope>())
        {
            foreach (var endpointClass in Enum.GetValues<EndpointClass>())
            {
                var quota = options.For(scope).For(endpointClass);
                var key = $"{(scope == LimitScope.User ? nameof(options.Users) : nameof(options.Addresses))}:{endpointClass}";
                check.AtLeast($"{key}:{nameof(quota.TokenLimit)}", quota.TokenLimit, 1)
                    .AtLeast($"{key}:{nameof(quota.TokensPerPeriod)}", quota.TokensPerPeriod, 1)
                    .That(quota.Period >= TimeSpan.FromSeconds(1) && quota.Period.Ticks % TimeSpan.TicksPerSecond == 0, $"{key}:{nameof(quota.Period)}",
                        $"must be a whole number of seconds, at least 1 (got {quota.Period}): the RateLimit fields count whole seconds");
            }
        }

        check.Positive(nameof(options.RedisTimeout), options.RedisTimeout)
            .Positive(nameof(options.HeartbeatInterval), options.HeartbeatInterval)
            .NotEmpty(nameof(options.RedisPrefix), options.RedisPrefix);
    }
}
