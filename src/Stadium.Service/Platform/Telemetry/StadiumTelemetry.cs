using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Stadium.Data.Providers;
using Stadium.Jobs;
using Stadium.Protection.Settings;
using ZiggyCreatures.Caching.Fusion;

namespace Stadium.Service.Platform.Telemetry;

/// <summary>
/// Who is reporting (service.name "stadium", stadium.role api or worker, service.instance.id) for metrics and
/// traces alike, and, when an OTLP endpoint is configured, traces of requests, store calls (ours on every engine,
/// Npgsql's statements on PostgreSQL), the cache (FusionCache), Redis commands and job runs.
/// </summary>
public static class StadiumTelemetry
{
    public const string ServiceName = "stadium";

    /// <summary>The sources traced: the data tier, the job queue, PostgreSQL statements and FusionCache.</summary>
    internal static readonly string[] Sources =
    [
        DataActivities.SourceName,
        JobActivities.SourceName,
        "Npgsql",
        FusionCacheDiagnostics.ActivitySourceName,
        FusionCacheDiagnostics.ActivitySourceNameDistributedLevel,
        FusionCacheDiagnostics.ActivitySourceNameBackplane,
    ];

    /// <param name="role">api or worker: what this process does (stadium.role).</param>
    public static OpenTelemetryBuilder AddStadiumTelemetry(this IHostApplicationBuilder builder, string role)
    {
        builder.Services.AddSettings<TelemetryOptions>(TelemetryOptions.Section, (telemetry, check) => check
            .That(telemetry.OtlpEndpoint is not { Length: > 0 } endpoint || IsHttpAddress(endpoint), nameof(telemetry.OtlpEndpoint), "must be an absolute http:// or https:// address")
            .That(telemetry.OtlpProtocol is TelemetryOptions.HttpProtobuf or TelemetryOptions.Grpc, nameof(telemetry.OtlpProtocol), $"must be {TelemetryOptions.HttpProtobuf} or {TelemetryOptions.Grpc}"));
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();

        var telemetry = builder.Services.AddOpenTelemetry().ConfigureResource(resource => resource
            .AddService(ServiceName, serviceInstanceId: options.InstanceId ?? $"{Environment.MachineName}:{Environment.ProcessId}", autoGenerateServiceInstanceId: false)
            .AddAttributes([new("stadium.role", role)]));

        var ours = options.OtlpEndpoint is { Length: > 0 } && IsHttpAddress(options.OtlpEndpoint);
        if (!ours && string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return telemetry; // tracing off: no tracer provider, no listener on any source
        }

        return telemetry.WithTracing(tracing => tracing
            .AddAspNetCoreInstrumentation(aspNet => aspNet.Filter = context => !context.Request.Path.StartsWithSegments("/health") && !context.Request.Path.StartsWithSegments("/metrics"))
            .AddRedisInstrumentation()
            .AddSource(Sources)
            .AddOtlpExporter(otlp =>
            {
                if (!ours)
                {
                    return; // the OTEL_EXPORTER_OTLP_* variables configure the exporter
                }

                var grpc = options.OtlpProtocol == TelemetryOptions.Grpc;
                otlp.Protocol = grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
                // Set in code, an HTTP endpoint is used as given, so the signal's path is added here as the variable would.
                otlp.Endpoint = grpc ? new Uri(options.OtlpEndpoint!) : new Uri(options.OtlpEndpoint!.TrimEnd('/') + "/v1/traces");
            }));
    }

    private static bool IsHttpAddress(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
