using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Stadium.Service.Platform;

namespace Stadium.Service;

/// <summary>
/// A queue worker as its own role (`stadium work`): the store, the job handlers and the workers, with only
/// /health and /metrics served (queue depth and oldest-job age are the worker autoscaling signal).
/// </summary>
public static class WorkerHost
{
    public static WebApplication Build(StadiumHostSettings settings, string[]? args = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args ?? [],
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        // As on API nodes: per-request framework logs would cost more than a /metrics scrape.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            },
        });
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
        builder.WebHost.UseUrls($"http://127.0.0.1:{settings.Port}");
        settings.Services?.Invoke(builder.Services);

        var section = builder.Configuration.GetSection(StadiumOptions.Section);
        builder.Services.Configure<StadiumOptions>(section);
        var options = section.Get<StadiumOptions>() ?? new StadiumOptions();
        builder.AddServiceDefaults();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.AddStore(options);
        builder.AddJobs(options, runWorkers: true);

        var app = builder.Build();
        app.UseServiceDefaults();
        app.MapServiceDefaults();
        return app;
    }
}
