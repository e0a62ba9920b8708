using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Stadium.Service.Features.Announcements;
using Stadium.Service.Features.Exports;
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
        var builder = StadiumHost.CreateBuilder(settings, args, servesApi: false);
        var stadium = StadiumOptions.From(builder.Configuration);
        builder.AddServiceDefaults(role: "worker");
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.AddStore(stadium);
        builder.Services.AddRedisSettings();
        if (stadium.Redis.Enabled)
        {
            // Workers use Redis only to share the email send rate with every other worker.
            builder.Services.AddSingleton(RedisConnection.Connect(stadium.Redis));
        }

        builder.AddExports().AddAnnouncements();
        builder.AddJobs(stadium, runWorkers);

        var app = builder.Build();
        app.UseServiceDefaults();
        app.MapServiceDefaults();
        return app;
    }
}
