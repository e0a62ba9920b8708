using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Stadium.Protection.Scraping;

namespace Stadium.Gateway.Tests;

/// <summary>
/// A real gateway (<see cref="GatewayApp.Build"/>) on a free loopback port, probing its nodes every 100 ms (waiting up to
/// 10 s for an answer) unless a test says otherwise, with a client that keeps no cookies (a client without affinity) unless asked.
/// </summary>
internal sealed class TestGateway : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestGateway(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Client = NewClient(cookies: null);
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<TestGateway> StartAsync(Dictionary<string, string?> settings, TimeProvider? time = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Stadium:Gateway:HealthCheck:Interval"] = "00:00:00.100",
            // A backend's first answer on a loaded machine can take over the 1 s default (cold start): a probe that
            // times out would take it out, and tests that probe only once would never see it back.
            ["Stadium:Gateway:HealthCheck:Timeout"] = "00:00:10",
            ["Stadium:Gateway:ReloadInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var app = GatewayApp.Build(new GatewayHostSettings("http://127.0.0.1:0", Settings: all,
            Services: time is null ? null : services => services.AddSingleton(time)));
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new TestGateway(app, address);
    }

    public static Dictionary<string, string?> Static(params TestBackend[] nodes) =>
        nodes.Select((n, i) => (Key: $"Stadium:Gateway:Destinations:{i}", Value: (string?)n.Url)).ToDictionary(p => p.Key, p => p.Value);

    /// <summary>A client of its own; with a cookie container it keeps the affinity cookie, as a browser does.</summary>
    public HttpClient NewClient(CookieContainer? cookies) =>
        new(new SocketsHttpHandler { UseCookies = cookies is not null, CookieContainer = cookies ?? new CookieContainer() }) { BaseAddress = Address };

    /// <summary>Which node answered a GET of <paramref name="path"/> (its body), asserting success.</summary>
    public static async Task<string> WhoAsync(HttpClient client, string path = "/v1/who")
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return body;
    }

    public async Task<List<DestinationView>> DestinationsAsync() =>
        (await Client.GetFromJsonAsync<List<DestinationView>>("/gateway/destinations"))!;

    public async Task<MetricsScrape> ScrapeAsync() => MetricsScrape.Parse(await Client.GetStringAsync("/metrics"), DateTimeOffset.UtcNow);

    /// <summary>Polls until <paramref name="condition"/> holds (at most 20 s: a loaded machine is slow, never wrong).</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Not within 20 s: {what}");
    }

    public async Task WaitForAsync(Func<List<DestinationView>, bool> condition, string what) =>
        await EventuallyAsync(async () => condition(await DestinationsAsync()), what);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
