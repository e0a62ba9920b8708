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
/// order its middleware runs in. Inbound, in two places: right after routing, before any other per-request work,
/// the admission stage (SLO events, then the adaptive load shedder: refusing a request must cost a small fraction of
/// serving it, so it refuses before exception handling, request metrics, authentication and the rest are paid for);
/// then, after authentication, the request's deadline and the rate limits (per user, so they need the verified user).
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
    /// The admission stage: runs right after routing (priorities depend on the endpoint) and before everything else.
    /// SLO events come first so that sheds and queueing count against the objectives.
    /// </summary>
    public static IApplicationBuilder UseAdmission(this IApplicationBuilder app)
    {
        app.UseSloEvents();
        app.UseAdaptiveShedding();
        return app;
    }

    /// <summary>
    /// Runs after authentication (limits are per verified user) and before authorization and the endpoint: the
    /// request's deadline, then the rate limits.
    /// </summary>
    public static IApplicationBuilder UseProtection(this IApplicationBuilder app)
    {
        app.UseDeadlines();
        app.UseInboundRateLimits();
        return app;
    }
}
