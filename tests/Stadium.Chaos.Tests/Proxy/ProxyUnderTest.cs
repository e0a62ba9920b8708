using System.Net;
using Microsoft.AspNetCore.Builder;
using Stadium.Chaos.Proxy;

namespace Stadium.Chaos.Tests.Proxy;

/// <summary>The fault proxy in this process on 127.0.0.1 (a free port), with its API client and a raw HTTP client.</summary>
internal sealed class ProxyUnderTest : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ProxyUnderTest(WebApplication app, Uri api)
    {
        _app = app;
        Api = api;
        Http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };
        Client = new FaultProxyClient(Http);
    }

    public Uri Api { get; }

    public HttpClient Http { get; }

    public FaultProxyClient Client { get; }

    public static async Task<ProxyUnderTest> StartAsync(TimeProvider? time = null)
    {
        var app = FaultProxyHost.Build(new IPEndPoint(IPAddress.Loopback, 0), time);
        await app.StartAsync();
        return new ProxyUnderTest(app, FaultProxyHost.Address(app));
    }

    /// <summary>A proxy on a free loopback port in front of <paramref name="upstream"/>; returns the address it listens on.</summary>
    public async Task<string> ProxyAsync(string name, string upstream) =>
        (await Client.CreateProxyAsync(name, "127.0.0.1:0", upstream)).Listen;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
