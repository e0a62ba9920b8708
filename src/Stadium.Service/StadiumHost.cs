using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Stadium.Service;

/// <summary>Builds API nodes (and, through <see cref="CreateBuilder"/>, workers) with Stadium's configuration layering.</summary>
public static class StadiumHost
{
    public static WebApplication Build(StadiumHostSettings settings, string[]? args = null)
    {
        var builder = CreateBuilder(settings, args);
        builder.AddStadiumApi();
        var app = builder.Build();
        app.MapStadiumApi();
        return app;
    }

    /// <summary>
    /// A web host builder with Stadium's configuration layering, shared by API nodes and workers:
    /// quiet framework defaults, then the settings file, environment variables and explicit settings;
    /// bound to 127.0.0.1 unless <see cref="StadiumHostSettings.Urls"/> says otherwise (exposing a node is a choice, never a default).
    /// </summary>
    /// <param name="servesApi">False for a worker: the links in its emails then default to http://127.0.0.1:8080, not to itself.</param>
    public static WebApplicationBuilder CreateBuilder(StadiumHostSettings settings, string[]? args = null, bool servesApi = true)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args ?? [],
            ContentRootPath = Directory.GetCurrentDirectory(),
        });

        // Lowest-priority defaults: per-request framework logs (Hosting's "Request starting/finished")
        // cost more CPU than a cached feed read; metrics carry that information instead.
        var defaults = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:ZiggyCreatures.Caching.Fusion"] = "Warning",
        };
        if (servesApi)
        {
            // The unsubscribe links in emails point at this node unless the address people use is configured.
            defaults["Stadium:Email:PublicUrl"] = OwnAddress(settings);
        }

        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = defaults });
        if (settings.ConfigFile is not null)
        {
            builder.Configuration.AddJsonFile(Path.GetFullPath(settings.ConfigFile), optional: false);
            builder.Configuration.AddEnvironmentVariables();
        }

        var overrides = new Dictionary<string, string?>(settings.Settings ?? new Dictionary<string, string?>());
        if (settings.DataFolder is not null)
        {
            overrides["Stadium:DataFolder"] = settings.DataFolder;
        }

        builder.Configuration.AddInMemoryCollection(overrides);
        builder.WebHost.UseUrls(settings.Urls ?? $"http://127.0.0.1:{settings.Port}");
        settings.Services?.Invoke(builder.Services);
        return builder;
    }

    /// <summary>The first address the node is told to listen on, with a wildcard host (0.0.0.0, [::], *, +) read as 127.0.0.1.</summary>
    private static string OwnAddress(StadiumHostSettings settings)
    {
        var first = (settings.Urls ?? $"http://127.0.0.1:{settings.Port}").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        var wildcard = System.Text.RegularExpressions.Regex.Replace(first, @"^(https?://)(\*|\+|0\.0\.0\.0|\[::\])(?=:|/|$)", "${1}127.0.0.1");
        return Uri.TryCreate(wildcard, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : "http://127.0.0.1:8080";
    }

    /// <summary>The address the node actually listens on (after start), e.g. http://127.0.0.1:41234.</summary>
    public static Uri Address(this WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First());
    }
}
