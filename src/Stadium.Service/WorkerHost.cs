using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Stadium.Service.Platform;
using Stadium.Service.Platform.Redis;

namespace Stadium.Service;

/// <summary>
/// A queue worker as its own role (`stadium work`): the store, the job handlers and the workers, with only
/// /health and /metrics served (queue depth and oldest-job age are the worker autoscaling signal).
/// </summary>
public static class WorkerHost
{
    /// <param name="runWorkers">False builds the same services without workers (`stadium work dead` uses them without starting the host).</param>
    public static WebApplication Build(StadiumHostSettings settings, string[]? args = null, bool runWorkers = true)
    {
        var builder = StadiumHost.CreateBuilder(settings, args);
        var section = builder.Configuration.GetSection(StadiumOptions.Section);
        builder.Services.Configure<StadiumOptions>(section);
        var options = section.Get<StadiumOptions>() ?? new StadiumOptions();
        builder.AddServiceDefaults();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.AddStore(options);
        if (options.Redis.Enabled)
        {
            // Workers use Redis only to share the email send rate with every other worker.
            builder.Services.AddSingleton(RedisConnection.Connect(options.Redis));
        }

        builder.AddJobs(options, runWorkers);

        var app = builder.Build();
        app.UseServiceDefaults();
        app.MapServiceDefaults();
        return app;
    }
}
