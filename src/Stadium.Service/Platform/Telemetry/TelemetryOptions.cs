namespace Stadium.Service.Platform.Telemetry;

/// <summary>
/// "Stadium:Telemetry": where traces go. Tracing is on only when an OTLP endpoint is configured, here or through the
/// standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable (with the other <c>OTEL_EXPORTER_OTLP_*</c> variables); with
/// neither, no tracer is built at all.
/// </summary>
public sealed class TelemetryOptions
{
    public const string Section = "Stadium:Telemetry";

    /// <summary>The collector's base address (e.g. http://127.0.0.1:4318); traces are sent to its /v1/traces over HTTP.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>http/protobuf</c> (the default, port 4318) or <c>grpc</c> (port 4317; the address is used as given).</summary>
    public string OtlpProtocol { get; set; } = HttpProtobuf;

    /// <summary>service.instance.id; by default the machine name and process id, unique per running node.</summary>
    public string? InstanceId { get; set; }

    internal const string HttpProtobuf = "http/protobuf";
    internal const string Grpc = "grpc";
}
