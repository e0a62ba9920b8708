using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Stadium.Protection.Dependencies;
using Stadium.Protection.Settings;

namespace Stadium.Service.Platform.Redis;

public static class RedisSettings
{
    /// <summary>Whether Stadium:Redis:Configuration names a Redis: modules that add a Redis-backed part register it only then.</summary>
    public static bool RedisConfigured(this IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[RedisOptions.Section + ":" + nameof(RedisOptions.Configuration)]);

    /// <summary>"Stadium:Redis", checked at start.</summary>
    public static IServiceCollection AddRedisSettings(this IServiceCollection services)
    {
        services.AddSettings<RedisOptions>(RedisOptions.Section, (redis, check) => check
            .Positive(nameof(redis.OperationTimeout), redis.OperationTimeout)
            .Positive(nameof(redis.RecheckInterval), redis.RecheckInterval)
            .Positive(nameof(redis.TimelineIdleExpiry), redis.TimelineIdleExpiry)
            .Positive(nameof(redis.DegradedTimelineLifetime), redis.DegradedTimelineLifetime)
            .NotNegative(nameof(redis.AuthorPageMemo), redis.AuthorPageMemo));
        services.AddOptions<DependenciesOptions>().PostConfigure<IConfiguration>((dependencies, configuration) =>
        {
            var recheck = configuration.GetSection(RedisOptions.Section).GetValue<TimeSpan?>(nameof(RedisOptions.RecheckInterval));
            if (recheck is { } duration && configuration[$"{DependenciesOptions.Section}:Redis:{nameof(DependencyOptions.BreakerDuration)}"] is null)
            {
                dependencies.Redis.BreakerDuration = duration;
            }
        });
        return services;
    }
}
