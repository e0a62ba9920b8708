using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Stadium.Gateway.Affinity;
using Stadium.Gateway.Dashboard;
using Stadium.Gateway.Destinations;
using Stadium.Gateway.Forwarding;
using Stadium.Gateway.Health;
using Stadium.Gateway.Metrics;
using Stadium.Gateway.Options;
using Stadium.Protection;
using Stadium.Protection.RateLimits;
using Stadium.Protection.Settings;
using Stadium.Protection.Shedding;
using Stadium.Protection.Slo;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.SessionAffinity;

namespace Stadium.Gateway;

/// <summary>
/// The gateway: YARP in front of the API nodes, with Stadium's health, affinity, retry and drain policies, the SLO file's
/// deadlines and the protection layer's edge rate limit. See docs/fleet.md ("Gateway").
/// </summary>
public static class GatewayModule
{
    /// <summary>The edge rate limit: the protection layer's buckets, with their own settings.</summary>
    public const string RateLimitsSection = $"{GatewayOptions.Section}:RateLimits";

    /// <summary>
    /// Edge shedding: the protection layer's adaptive concurrency limit and priority queue, with their own settings,
    /// over the whole fleet. A refusal here costs the gateway's CPU, not a node's: where a node's own refusal costs what
    /// an answer does (a cheap cached read under a CPU quota), only a shedder in front can keep the nodes' goodput.
    /// </summary>
    public const string SheddingSection = $"{GatewayOptions.Section}:Shedding";

    public static IHostApplicationBuilder AddStadiumGateway(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSettings<GatewayOptions>(GatewayOptions.Section, Check);
        builder.AddSlo();
        builder.AddInboundRateLimits(RateLimitsSection);
        builder.AddAdaptiveShedding(SheddingSection);
        services.AddOptions<SheddingOptions>().PostConfigure<SloObjectives>(EdgeLatencyCeiling);
        services.AddProblemDetails();
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<NodeConditions>();
        services.AddSingleton<GatewayConfigProvider>();
        services.AddSingleton<IProxyConfigProvider>(sp => sp.GetRequiredService<GatewayConfigProvider>());
        services.AddHostedService<ClusterFileFollower>();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<RouteNames>();
        services.AddSingleton<DestinationLedger>();
        services.AddSingleton<RetryPlanner>();

        services.AddFleetDashboard(builder.Configuration);
        services.AddReverseProxy().AddTransforms<GatewayTransformProvider>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IActiveHealthCheckPolicy, ReadinessProbePolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPassiveHealthCheckPolicy, ConsecutiveFailuresPolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAvailableDestinationsPolicy, RotationPolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISessionAffinityPolicy, RotatingCookieAffinityPolicy>());

        // Named like the API nodes and workers (service "stadium", its role, machine:pid), with the runtime's own meter
        // (CPU time, GC, thread pool): a dashboard's per-process panels then show the gateway beside the nodes.
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource
                .AddService("stadium", serviceInstanceId: $"{Environment.MachineName}:{Environment.ProcessId}", autoGenerateServiceInstanceId: false)
                .AddAttributes([new("stadium.role", "gateway")]))
            .WithMetrics(metrics => metrics
                .AddMeter(GatewayMetrics.MeterName)
                .AddMeter(ProtectionMetrics.MeterName)
                .AddMeter("System.Runtime")
                .AddPrometheusExporter());
        return builder;
    }

    public static WebApplication MapStadiumGateway(this WebApplication app)
    {
        app.UseExceptionHandler();
        // Empty 4xx/5xx answers (no node in rotation, a node that did not answer, unknown routes) get a problem+json body.
        app.UseStatusCodePages();
        app.UseAdaptiveShedding();
        app.UseInboundRateLimits();
        app.MapGet("/health/live", () => TypedResults.Text("Healthy", "text/plain"));
        app.MapGet("/health/ready", GatewayEndpoints.Ready);
        app.MapGet("/gateway/destinations", GatewayEndpoints.Destinations);
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapFleetDashboard();
        app.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<ProxyMetricsMiddleware>();
            proxy.UseSessionAffinity();
            proxy.UseMiddleware<DegradedFilterMiddleware>();
            proxy.UseLoadBalancing();
            proxy.UseMiddleware<RetryMiddleware>();
            proxy.UsePassiveHealthChecks();
        }).ConfigureEndpoints((endpoint, route) =>
        {
            if (ProxyShape.ClassOf(route.RouteId) is { } endpointClass)
            {
                endpoint.WithEndpointClass(endpointClass);
            }
        });
        return app;
    }

    /// <summary>The edge's latency ceiling as a share of the SLO file's tightest latency objective (see <see cref="EdgeLatencyCeiling"/>).</summary>
    public const double EdgeCeilingShare = 0.3;

    /// <summary>
    /// Unless configured, the edge's latency ceiling is 0.3 of the SLO file's tightest latency objective (15 ms for the
    /// feed's p99 of 50 ms): the gateway sees every node's queue in its latency, and the ceiling bounds the mean answer
    /// (each measured against its own route's objective, see <see cref="SheddingOptions.LatencyCeiling"/>) of a
    /// saturated fleet, whose p99 sits at 2.5-3 x its mean. Without a ceiling, a gateway that starts in front of
    /// saturated nodes learns their queue as normal. Measured (bench/overload.sh, edge mode, a quarter-core node): the
    /// full objective as the ceiling let goodput fall to 0.6 x of the peak at 2 x and 4 x offered with a p99 of seconds;
    /// half of it (25 ms) kept goodput at the peak with an admitted p99 of 59-65 ms at 2 x; 15 ms the same goodput
    /// with 46-48 ms.
    /// </summary>
    private static void EdgeLatencyCeiling(SheddingOptions options, SloObjectives objectives)
    {
        if (options.LatencyCeiling == TimeSpan.Zero && objectives.Tightest > TimeSpan.Zero)
        {
            options.LatencyCeiling = objectives.Tightest * EdgeCeilingShare;
        }
    }

    private static void Check(GatewayOptions options, SettingChecks check)
    {
        check.That(!string.IsNullOrWhiteSpace(options.ClusterFile) || options.Destinations.Count > 0, nameof(options.ClusterFile),
                "is required, or Destinations: the gateway needs nodes to send to")
            .That(options.Destinations.All(d => Uri.TryCreate(d, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"), nameof(options.Destinations),
                "must be absolute http(s) URLs of nodes")
            .Positive(nameof(options.ReloadInterval), options.ReloadInterval)
            .Positive($"{nameof(options.HealthCheck)}:{nameof(options.HealthCheck.Interval)}", options.HealthCheck.Interval)
            .Positive($"{nameof(options.HealthCheck)}:{nameof(options.HealthCheck.Timeout)}", options.HealthCheck.Timeout)
            .That(options.HealthCheck.Path.StartsWith('/'), $"{nameof(options.HealthCheck)}:{nameof(options.HealthCheck.Path)}", "must start with /")
            .AtLeast($"{nameof(options.Passive)}:{nameof(options.Passive.ConsecutiveFailures)}", options.Passive.ConsecutiveFailures, 1)
            .Positive($"{nameof(options.Passive)}:{nameof(options.Passive.Backoff)}", options.Passive.Backoff)
            .Positive($"{nameof(options.Affinity)}:{nameof(options.Affinity.Lifetime)}", options.Affinity.Lifetime)
            .NotEmpty($"{nameof(options.Affinity)}:{nameof(options.Affinity.Cookie)}", options.Affinity.Cookie)
            .NotNegative($"{nameof(options.Drain)}:{nameof(options.Drain.Timeout)}", options.Drain.Timeout)
            .Between($"{nameof(options.Retry)}:{nameof(options.Retry.Budget)}", options.Retry.Budget, 0, 1)
            .Between($"{nameof(options.Retry)}:{nameof(options.Retry.MinPerSecond)}", options.Retry.MinPerSecond, 0, 1000);
    }
}
