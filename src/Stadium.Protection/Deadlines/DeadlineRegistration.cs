using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Stadium.Protection.Settings;

namespace Stadium.Protection.Deadlines;

/// <summary>Per-request time budgets carried by the request's cancellation token (<see cref="DeadlineMiddleware"/>).</summary>
internal static class DeadlineRegistration
{
    public static IHostApplicationBuilder AddDeadlines(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSettings<DeadlineOptions>(DeadlineOptions.Section, (_, _) => { });
        builder.Services.AddSingleton<DeadlineMetrics>();
        return builder;
    }

    public static IApplicationBuilder UseDeadlines(this IApplicationBuilder app)
    {
        return app.ApplicationServices.GetRequiredService<IOptions<DeadlineOptions>>().Value.Enabled ? app.UseMiddleware<DeadlineMiddleware>() : app;
    }
}
