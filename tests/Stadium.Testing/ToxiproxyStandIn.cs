using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Stadium.Infra.Chaos;

namespace Stadium.Testing;

/// <summary>
/// A stand-in for the fault proxy (<c>stadium chaos proxy</c>) until that verb exists on this branch: the part of
/// Toxiproxy's HTTP API the launcher and the faults call (create and list proxies, enable and disable one, add and
/// remove toxics, which it records without applying) over plain TCP forwarders, in the test's own process. It is the
/// launcher's <see cref="IChaosProxyStarter"/> in tests; once the real proxy lands, tests start the verb instead.
/// </summary>
public sealed class ToxiproxyStandIn : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, StandInForwarder> _proxies = new();
    private readonly ConcurrentDictionary<(string Proxy, string Toxic), JsonObject> _toxics = new();
    private WebApplication? _app;

    public IReadOnlyDictionary<string, StandInForwarder> Proxies => _proxies;

    /// <summary>The toxics set now on a proxy, by name, as they were posted.</summary>
    public IReadOnlyDictionary<string, JsonObject> ToxicsOf(string proxy) =>
        _toxics.Where(t => t.Key.Proxy == proxy).ToDictionary(t => t.Key.Toxic, t => t.Value);

    public string Api { get; private set; } = "";

    /// <summary>Starts the API on 127.0.0.1:<paramref name="port"/>.</summary>
    public async Task StartAsync(int port, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/version", () => Results.Text("stand-in"));
        app.MapGet("/proxies", () => Results.Json(_proxies.Values.ToDictionary(p => p.Name, p => Describe(p))));
        app.MapPost("/proxies", async (HttpRequest request) =>
        {
            var body = await JsonNode.ParseAsync(request.Body) as JsonObject;
            var name = (string)body!["name"]!;
            var proxy = new StandInForwarder(name, IPEndPoint.Parse((string)body["listen"]!), IPEndPoint.Parse((string)body["upstream"]!));
            if (!_proxies.TryAdd(name, proxy))
            {
                return Results.Conflict();
            }

            proxy.Enable();
            return Results.Json(Describe(proxy), statusCode: StatusCodes.Status201Created);
        });
        app.MapPost("/proxies/{name}", async (string name, HttpRequest request) =>
        {
            if (!_proxies.TryGetValue(name, out var proxy))
            {
                return Results.NotFound();
            }

            var body = await JsonNode.ParseAsync(request.Body) as JsonObject;
            if (body?["enabled"]?.GetValue<bool>() is { } enabled)
            {
                (enabled ? (Action)proxy.Enable : proxy.Disable)();
            }

            return Results.Json(Describe(proxy));
        });
        app.MapPost("/proxies/{name}/toxics", async (string name, HttpRequest request) =>
        {
            var toxic = (JsonObject)(await JsonNode.ParseAsync(request.Body))!;
            return _proxies.ContainsKey(name) && _toxics.TryAdd((name, (string)toxic["name"]!), toxic)
                ? Results.Json(toxic)
                : Results.Conflict();
        });
        app.MapDelete("/proxies/{name}/toxics/{toxic}", (string name, string toxic) =>
            _toxics.TryRemove((name, toxic), out _) ? Results.NoContent() : Results.NotFound());
        await app.StartAsync(ct);
        _app = app;
        Api = $"http://127.0.0.1:{port}";
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var proxy in _proxies.Values)
        {
            await proxy.DisposeAsync();
        }

        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private object Describe(StandInForwarder proxy) => new
    {
        name = proxy.Name,
        listen = proxy.Listen.ToString(),
        upstream = proxy.Upstream.ToString(),
        enabled = proxy.Enabled,
        toxics = ToxicsOf(proxy.Name).Values.Select(t => JsonSerializer.SerializeToElement(t)),
    };
}
