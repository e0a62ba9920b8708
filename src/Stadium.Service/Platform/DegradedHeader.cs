using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Stadium.Protection.Dependencies;
using Stadium.Service.Platform.Redis;

namespace Stadium.Service.Platform;

/// <summary>
/// Marks every response given while a dependency is down with <c>Stadium-Degraded</c>, so clients, gateways and load
/// tests can see a degraded answer without reading server metrics: <c>cache</c> while the node runs without Redis
/// (<see cref="CacheDegradation"/>), and the database's name (<c>primary</c>, <c>replicas</c>) while its breaker is open
/// and reads are served stale from the cache; several are comma-separated. Registered as a startup filter, so it wraps
/// the whole pipeline.
/// </summary>
internal sealed class DegradedHeader : IStartupFilter
{
    /// <summary>Dependencies whose outage the answer names under their own name (Redis is named <c>cache</c>; SMTP never shapes an answer).</summary>
    private static readonly string[] Named = [DependencyNames.Primary, DependencyNames.Replicas];

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        var cache = app.ApplicationServices.GetService<CacheDegradation>();
        var pipelines = app.ApplicationServices.GetRequiredService<DependencyPipelines>();
        app.Use((context, nextMiddleware) =>
        {
            context.Response.OnStarting(() =>
            {
                var cacheDown = cache?.IsDegraded == true;
                var database = Named.Where(name => pipelines.Get(name).IsOpen);
                var value = string.Join(", ", cacheDown ? database.Prepend("cache") : database);
                if (value.Length > 0)
                {
                    context.Response.Headers[CacheDegradation.Header] = value;
                    if (cacheDown)
                    {
                        cache!.CountDegraded("response");
                    }
                }

                return Task.CompletedTask;
            });
            return nextMiddleware(context);
        });
        next(app);
    };
}
