using Microsoft.Extensions.DependencyInjection;

namespace Stadium.Gateway;

/// <summary>How to build a gateway host: where it listens, its settings file and explicit settings (tests, the cluster).</summary>
public sealed record GatewayHostSettings(
    string Urls = "http://127.0.0.1:8080",
    string? ConfigFile = null,
    IReadOnlyDictionary<string, string?>? Settings = null,
    Action<IServiceCollection>? Services = null);
