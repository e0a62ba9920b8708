using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace Stadium.Gateway;

/// <summary>Builds a gateway host: `stadium gateway`, the cluster's supervisor and the tests start it the same way.</summary>
public static class GatewayApp
{
    /// <summary>Settings layering as a node's: quiet framework logs, then the settings file, environment variables and explicit settings.</summary>
    public static WebApplication Build(GatewayHostSettings settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                // YARP logs every failed proxy attempt and probe at Warning; the metrics and /gateway/destinations carry them.
                ["Logging:LogLevel:Yarp"] = "Error",
            },
        });
        if (settings.ConfigFile is not null)
        {
            builder.Configuration.AddJsonFile(Path.GetFullPath(settings.ConfigFile), optional: false);
            builder.Configuration.AddEnvironmentVariables();
        }

        builder.Configuration.AddInMemoryCollection(settings.Settings ?? new Dictionary<string, string?>());
        builder.WebHost.UseUrls(settings.Urls);
        builder.AddStadiumGateway();
        settings.Services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapStadiumGateway();
        return app;
    }
}
