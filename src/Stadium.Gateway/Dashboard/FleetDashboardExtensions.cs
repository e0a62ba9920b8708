using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Stadium.Protection.Settings;

namespace Stadium.Gateway.Dashboard;

/// <summary>
/// The fleet's live dashboard on the gateway: <c>AddFleetDashboard</c> registers the sampler (one snapshot of every
/// node an interval, kept for the history) and its settings; <c>MapFleetDashboard</c> maps <c>GET /dashboard</c>, its
/// event stream and its snapshot API.
/// </summary>
public static class FleetDashboardExtensions
{
    public static IServiceCollection AddFleetDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSettings<FleetDashboardOptions>(FleetDashboardOptions.Section, (o, check) => check
            .Positive(nameof(o.Interval), o.Interval)
            .That(o.History >= o.Interval, nameof(o.History), $"must be at least the interval ({o.Interval}; got {o.History})")
            .That(o.History / o.Interval <= 100_000, nameof(o.History), $"must hold at most 100000 snapshots of the interval (got {o.History})")
            .Positive(nameof(o.ScrapeTimeout), o.ScrapeTimeout));
        services.AddSettings<DashboardSourceOptions>(DashboardSourceOptions.Section, (o, check) => check
            .That(
                o.Destinations.All(d => Uri.TryCreate(d, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"),
                nameof(o.Destinations),
                $"must list absolute http(s) URLs (got {string.Join(", ", o.Destinations)})"));
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(NodeScraper.ClientName);
        services.TryAddSingleton<FleetLayoutReader>();
        services.TryAddSingleton<NodeScraper>();
        services.TryAddSingleton<DashboardHistory>();
        services.AddHostedService<DashboardSampler>();
        return services;
    }

    public static IEndpointRouteBuilder MapFleetDashboard(this IEndpointRouteBuilder endpoints)
    {
        var dashboard = endpoints.MapGroup("/dashboard").ExcludeFromDescription();
        dashboard.MapGet("", DashboardEndpoints.Page);
        dashboard.MapGet("/snapshot", DashboardEndpoints.Snapshot);
        dashboard.MapGet("/events", DashboardEndpoints.Events);
        return endpoints;
    }
}
