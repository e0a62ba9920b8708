using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using Stadium.Service.Platform.Telemetry;

namespace Stadium.Service.Platform;

/// <summary>
/// Health, telemetry and error shape every Stadium process shares, in the spirit of Aspire's ServiceDefaults,
/// except that health endpoints are mapped in every environment: probes need them in production most.
/// </summary>
public static class ServiceDefaults
{
    public const string LiveTag = "live";
    public const string ReadyTag = "ready";

    /// <param name="role">api or worker: reported with every metric and trace (stadium.role).</param>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder, string role = "api")
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
        });
        builder.Services.AddExceptionHandler<ProblemResponses>();
        builder.Services.AddSingleton<StadiumMetrics>();

        builder.AddStadiumTelemetry(role).WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddMeter(StadiumMetrics.MeterName)
            .AddMeter(Stadium.Data.Providers.DataMeters.Name)
            .AddMeter(Stadium.Jobs.JobMetrics.MeterName)
            .AddMeter(Retention.RetentionMetrics.MeterName)
            .AddMeter(Stadium.Protection.ProtectionMetrics.MeterName)
            .AddMeter(Memory.MemoryMetrics.MeterName)
            .AddMeter("Npgsql")
            .AddPrometheusExporter());

        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        return builder;
    }

    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        app.UseExceptionHandler();
        // Empty 4xx/5xx answers (unmatched routes, 405, 415, auth challenges) get a problem+json body.
        app.UseStatusCodePages();
        app.UseMiddleware<RequestMetricsMiddleware>();
        return app;
    }

    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag), ResponseWriter = WriteHealthAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = WriteHealthAsync });
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    /// <summary>
    /// Healthy: the plain status text probes expect; degraded: the same 200 with what is degraded and why. Not: a 503
    /// problem+json naming the failing checks.
    /// </summary>
    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        if (report.Status != HealthStatus.Unhealthy)
        {
            context.Response.ContentType = "text/plain";
            var degraded = report.Entries.Where(e => e.Value.Status == HealthStatus.Degraded).Select(e => $"{e.Key}: {e.Value.Description}").ToList();
            return context.Response.WriteAsync(degraded.Count == 0 ? report.Status.ToString() : $"{report.Status}: {string.Join("; ", degraded)}");
        }

        var failing = report.Entries.Where(e => e.Value.Status == HealthStatus.Unhealthy)
            .Select(e => e.Value.Description is { Length: > 0 } why ? $"{e.Key}: {why}" : e.Key);
        return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready",
            detail: "Failing checks: " + string.Join("; ", failing)).ExecuteAsync(context);
    }
}
