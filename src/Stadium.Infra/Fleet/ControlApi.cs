using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace Stadium.Infra.Fleet;

/// <summary>
/// The supervisor's HTTP API on 127.0.0.1 (a random port, written to cluster.json as controlUrl): <c>GET /status</c>,
/// <c>POST /scale</c> with <c>{"api": N, "workers": M}</c> (202 with the targets; the scale runs in the background),
/// and <c>GET /metrics</c> (the cluster's meter and, in the same process, the autoscaler's).
/// </summary>
internal sealed class ControlApi : IAsyncDisposable
{
    /// <summary>The autoscaler's meter, exported here when it runs inside the supervisor.</summary>
    private const string ScalingMeter = "Stadium.Scaling";

    private readonly WebApplication _app;

    private ControlApi(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<ControlApi> StartAsync(
        ClusterMembers members, ClusterScaler scaler, ReadinessProbe readiness, IClusterCompanion? companion, CancellationToken stopping)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(ClusterMetrics.MeterName, ScalingMeter).AddPrometheusExporter());
        companion?.Register(builder.Services);
        var app = builder.Build();
        app.UseStatusCodePages(); // a route it does not have (404) or a wrong method (405) answers problem+json too
        companion?.Map(app);

        app.MapGet("/status", (CancellationToken ct) => ClusterStatusProbe.ProbeAsync(members.Snapshot(), readiness, ct));
        app.MapPost("/scale", async (HttpRequest request) =>
        {
            // A body naming neither (`{}`, or only keys it does not know, such as "gateway") asks for nothing: refused, not a 202.
            if (await ReadAsync(request) is not { } scale || scale is { Api: null, Workers: null })
            {
                return Results.Problem(
                    statusCode: StatusCodes.Status400BadRequest,
                    title: "The body is not a scale request",
                    detail: """Send JSON like {"api": 3, "workers": 1}; either key may be left out, not both.""");
            }

            var errors = new Dictionary<string, string[]>();
            Check(errors, "api", scale.Api, 1);
            Check(errors, "workers", scale.Workers, 0);
            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors);
            }

            // The scale outlives the request: a new node takes seconds to become ready, a drain up to its deadline.
            _ = scaler.ScaleAsync(scale.Api, scale.Workers, stopping);
            return Results.Accepted("/status", scale);
        });
        app.MapPrometheusScrapingEndpoint("/metrics");

        await app.StartAsync(stopping);
        return new ControlApi(app, app.Urls.First());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private static async Task<ScaleRequest?> ReadAsync(HttpRequest request)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<ScaleRequest>(request.Body, ClusterStateFile.Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Check(Dictionary<string, string[]> errors, string key, int? value, int minimum)
    {
        if (value is { } count && (count < minimum || count > ClusterOptions.MaxReplicas))
        {
            errors[key] = [$"{key} must be between {minimum} and {ClusterOptions.MaxReplicas}"];
        }
    }
}
