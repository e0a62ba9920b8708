using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Stadium.Service.Platform.Redis;

/// <summary>
/// Marks every response given while the node runs without Redis with <c>Stadium-Degraded: cache</c>,
/// so clients, gateways and load tests can see a degraded answer without reading server metrics.
/// Registered as a startup filter, so it wraps the whole pipeline only when Redis is configured.
/// </summary>
internal sealed class DegradedHeader : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        var degradation = app.ApplicationServices.GetRequiredService<CacheDegradation>();
        app.Use((context, nextMiddleware) =>
        {
            context.Response.OnStarting(() =>
            {
                if (degradation.IsDegraded)
                {
                    context.Response.Headers[CacheDegradation.Header] = "cache";
                    degradation.CountDegraded("response");
                }

                return Task.CompletedTask;
            });
            return nextMiddleware(context);
        });
        next(app);
    };
}
