using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Stadium.Scaling.Config;
using Stadium.Scaling.Loop;

namespace Stadium.Scaling;

/// <summary>
/// Puts the autoscaler into a host: `stadium autoscale` and the `up --cluster` supervisor. Its meter is
/// <see cref="ScalingMetrics.MeterName"/>; the host adds it to its own /metrics.
/// </summary>
public static class AutoscalerRegistration
{
    /// <param name="rounds">Run rounds every interval in the background; false for a host that runs one round itself.</param>
    public static IServiceCollection AddAutoscaler(this IServiceCollection services, AutoscaleConfig config, bool rounds = true)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton(config);
        services.TryAddSingleton<ScalingMetrics>();
        services.AddSingleton(sp => new DecisionLog(config.DecisionsFile, sp.GetRequiredService<ILogger<DecisionLog>>()));
        services.AddSingleton<Autoscaler>();
        if (rounds)
        {
            services.AddHostedService<AutoscalerService>();
        }

        return services;
    }

    /// <summary>`GET /decisions[?target=api][&amp;limit=50]`: the latest decisions, oldest first, as decisions.jsonl has them.</summary>
    public static IEndpointRouteBuilder MapAutoscaler(this IEndpointRouteBuilder app)
    {
        app.MapGet("/decisions", (HttpContext http) =>
        {
            var log = http.RequestServices.GetRequiredService<DecisionLog>();
            var target = http.Request.Query["target"].ToString();
            var limitText = http.Request.Query["limit"].ToString();
            var limit = DecisionLog.Kept;
            if (limitText.Length > 0 && (!int.TryParse(limitText, out limit) || limit < 1 || limit > DecisionLog.Kept))
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad limit",
                    detail: $"limit must be a whole number from 1 to {DecisionLog.Kept} (got '{limitText}')");
            }

            var decisions = log.Recent.Where(d => target.Length == 0 || d.Target == target).TakeLast(limit);
            return Results.Json(decisions);
        });
        return app;
    }

    /// <summary>Creates every target's driver now, so a wrong driver setting stops the start (a <see cref="FormatException"/>).</summary>
    public static void CreateTargets(IServiceProvider services) => services.GetRequiredService<Autoscaler>();

    /// <summary>
    /// Rounds every interval until <paramref name="ct"/> is cancelled, after a first scrape: what the background service
    /// does, for a host that starts the rounds itself (the `up --cluster` supervisor, once its nodes are up).
    /// </summary>
    public static async Task RunRoundsAsync(IServiceProvider services, CancellationToken ct)
    {
        var autoscaler = services.GetRequiredService<Autoscaler>();
        var config = services.GetRequiredService<AutoscaleConfig>();
        await autoscaler.PrimeAsync(ct);
        using var timer = new PeriodicTimer(config.Interval, services.GetRequiredService<TimeProvider>());
        while (await timer.WaitForNextTickAsync(ct))
        {
            await autoscaler.RoundAsync(ct);
        }
    }

    /// <summary>One round over every target (after a first scrape and one window's wait): what `stadium autoscale --once` does.</summary>
    public static async Task<IReadOnlyList<Decision>> RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var autoscaler = services.GetRequiredService<Autoscaler>();
        var config = services.GetRequiredService<AutoscaleConfig>();
        await autoscaler.PrimeAsync(ct);
        await Task.Delay(config.Window, services.GetRequiredService<TimeProvider>(), ct);
        return await autoscaler.RoundAsync(ct);
    }
}
