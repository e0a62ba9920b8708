using Microsoft.Extensions.DependencyInjection;

namespace Stadium.Service;

/// <summary>How to start an API node: the CLI verbs and the tests use exactly this.</summary>
/// <param name="Port">0 picks a free port (tests).</param>
/// <param name="ConfigFile">A settings file such as the one `stadium infra up` writes.</param>
/// <param name="Urls">Where to listen instead of http://127.0.0.1:<paramref name="Port"/> (the CLI's --urls, --host, ASPNETCORE_URLS).</param>
/// <param name="Settings">Extra configuration keys, applied last (e.g. "Stadium:Feed:CelebrityFollowers").</param>
public sealed record StadiumHostSettings(
    int Port = 8080,
    string? DataFolder = null,
    string? ConfigFile = null,
    IReadOnlyDictionary<string, string?>? Settings = null,
    Action<IServiceCollection>? Services = null,
    string? Urls = null);
