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

    /// <summary>The request duration histogram's boundaries in seconds: ASP.NET Core's, with 1 ms and 2.5 ms before them.</summary>
    public static readonly double[] RequestDurationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

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
            // ASP.NET Core's buckets start at 5 ms, where a cached read answers in 1-4: every fast endpoint read as a
            // p50 of 2.5 ms and a p99 of 4.95 (interpolated in the first bucket) in `stadium top` and the dashboards.
            // Its boundaries are kept (queries may name them) and 1 ms and 2.5 ms added below them.
            .AddView("http.server.request.duration", new ExplicitBucketHistogramConfiguration { Boundaries = RequestDurationBuckets })
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
