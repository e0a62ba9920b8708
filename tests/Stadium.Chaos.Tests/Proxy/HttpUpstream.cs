using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Stadium.Chaos.Tests.Proxy;

/// <summary>A small HTTP server on 127.0.0.1 (Kestrel): <c>GET /</c> answers "pong".</summary>
internal sealed class HttpUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HttpUpstream(WebApplication app) => _app = app;

    public string Address => new Uri(_app.Urls.First()).Authority;

    public static async Task<HttpUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/", () => Results.Text("pong"));
        await app.StartAsync();
        return new HttpUpstream(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
