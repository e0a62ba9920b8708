using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Stadium.Protection.Settings;

namespace Stadium.Protection.Slo;

/// <summary>
/// The SLO file (slo.yaml): per-endpoint objectives and staleness budgets. It is read while the node is built, so a
/// mistake in it stops the start with one line naming the file, line and key; the deadlines and the SLO metrics use it,
/// and other parts read <see cref="SloObjectives"/> from the container.
/// </summary>
internal static class SloRegistration
{
    public static IHostApplicationBuilder AddSlo(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSettings<SloOptions>(SloOptions.Section, (_, _) => { });
        var file = builder.Configuration[$"{SloOptions.Section}:{nameof(SloOptions.File)}"];
        var objectives = string.IsNullOrWhiteSpace(file) ? SloFileParser.BuiltIn : SloFileParser.Load(file);
        builder.Services.AddSingleton(objectives);
        builder.Services.AddSingleton<SloEndpoints>();
        builder.Services.AddSingleton<SloMetrics>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }

    public static IApplicationBuilder UseSloEvents(this IApplicationBuilder app) => app.UseMiddleware<SloEventsMiddleware>();
}
