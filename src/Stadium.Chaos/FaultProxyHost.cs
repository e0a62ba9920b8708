using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Stadium.Chaos.Proxy;

namespace Stadium.Chaos;

/// <summary>
/// The fault proxy's process: Toxiproxy's HTTP API on <c>api</c> and the proxies it creates. Stopping the host closes
/// every proxy and connection. <c>time</c> is the clock TTLs and toxics run on (tests give a fake one).
/// </summary>
public static class FaultProxyHost
{
    public static WebApplication Build(IPEndPoint api, TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(api));
        // The framework's per-request and lifetime lines say nothing a user of the proxy needs; warnings still show.
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Services.AddSingleton(new ProxyCollection(time ?? TimeProvider.System));
        var app = builder.Build();
        app.UseProxyProblems();
        app.MapFaultProxyApi();
        return app;
    }

    /// <summary>The API's base address once the host has started (the port picked when <c>api</c> gave 0).</summary>
    public static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");
}
