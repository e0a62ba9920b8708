using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Stadium.Lab.Dashboard;

/// <summary>
/// A small Kestrel bound to 127.0.0.1 only: <c>/</c> is the self-contained live page (no CDN: it works offline),
/// <c>/api/snapshot?since=N</c> the run and the seconds after N as JSON (what the page polls), and <c>/api/events</c> the
/// same seconds as Server-Sent Events, one <c>second</c> event each and a <c>finished</c> event at the end. Handlers only
/// await (never block), so the raw engine's inline socket completions, which this process shares, stay safe.
/// </summary>
internal sealed class DashboardServer : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private readonly WebApplication _app;

    private DashboardServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>Where the page is, with the port actually bound (port 0 asks for any free one).</summary>
    public Uri Url { get; }

    /// <exception cref="IOException">The port is taken; the message names it.</exception>
    public static async Task<DashboardServer> StartAsync(DashboardState state, int port, CancellationToken ct)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(2));
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        app.UseRouting();
        app.MapGet("/", () => Results.Text(DashboardPage.Html, "text/html; charset=utf-8"));
        app.MapGet("/api/snapshot", (int? since) => Results.Json(state.Since(since ?? 0), Json));
        app.MapGet("/api/events", (HttpContext context) => StreamAsync(state, context));
        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
        }
        catch (IOException e) when (e.InnerException is AddressInUseException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new IOException($"--dashboard: port {port} on 127.0.0.1 is in use; pass another, e.g. --dashboard {port + 1}, or 0 for any free port.", e);
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new DashboardServer(app, new Uri(new Uri(bound), "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task StreamAsync(DashboardState state, HttpContext context)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var sent = 0;
        var ct = context.RequestAborted;
        while (!ct.IsCancellationRequested)
        {
            var changed = state.Changed;
            var snapshot = state.Since(sent);
            foreach (var second in snapshot.Seconds)
            {
                await context.Response.WriteAsync($"event: second\ndata: {JsonSerializer.Serialize(second, Json)}\n\n", ct).ConfigureAwait(false);
            }

            sent += snapshot.Seconds.Count;
            if (snapshot.Finished)
            {
                await context.Response.WriteAsync("event: finished\ndata: {}\n\n", ct).ConfigureAwait(false);
                return;
            }

            await context.Response.Body.FlushAsync(ct).ConfigureAwait(false);
            await changed.WaitAsync(ct).ConfigureAwait(false);
        }
    }
}
