using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Stadium.Protection.Deadlines;
using Stadium.Protection.Dependencies;
using Stadium.Protection.RateLimits;
using Stadium.Protection.Shedding;
using Stadium.Protection.Slo;

namespace Stadium.Protection;

/// <summary>
/// The protection layer of an API node (and, later, of the gateway), read top to bottom: what it registers and the
/// order its middleware runs in. Inbound, a request meets its deadline first (so queueing counts against it), then
/// the rate limits (cheap refusals of one client's excess), then the adaptive load shedder (the node's own capacity).
/// Outbound, every dependency (primary, replicas, Redis, SMTP) has one named resilience pipeline.
/// </summary>
public static class ProtectionDefaults
{
    public static IHostApplicationBuilder AddProtection(this IHostApplicationBuilder builder)
    {
        builder.AddSlo();
        builder.AddDeadlines();
        builder.AddInboundRateLimits();
        builder.AddAdaptiveShedding();
        builder.AddDependencyPipelines();
        return builder;
    }

    /// <summary>
    /// Runs after routing and authentication (limits and priorities depend on the endpoint and the user) and before
    /// authorization and the endpoint.
    /// </summary>
    public static IApplicationBuilder UseProtection(this IApplicationBuilder app)
    {
        app.UseSloEvents();
        app.UseDeadlines();
        app.UseInboundRateLimits();
        app.UseAdaptiveShedding();
        return app;
    }
}
