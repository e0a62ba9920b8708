using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Stadium.Scaling.Tests;

/// <summary>A real Kestrel server on 127.0.0.1 with the routes a test maps: the stand-in for a process the test does not run.</summary>
internal sealed class StandInServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StandInServer(WebApplication app) => _app = app;

    public string Url => _app.Urls.Single();

    public static async Task<StandInServer> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return new StandInServer(app);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
