using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
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
        SloObjectives objectives;
        try
        {
            objectives = string.IsNullOrWhiteSpace(file) ? SloFileParser.BuiltIn : SloFileParser.Load(file);
        }
        catch (FormatException e)
        {
            // A setting that fails its check: the CLI prints it as one line naming the key, with exit code 2.
            throw new OptionsValidationException(SloOptions.Section, typeof(SloOptions), [$"{SloOptions.Section}:{nameof(SloOptions.File)}: {e.Message}"]);
        }

        builder.Properties[typeof(SloObjectives)] = objectives;
        builder.Services.AddSingleton(objectives);
        builder.Services.AddSingleton<SloEndpoints>();
        builder.Services.AddSingleton<SloMetrics>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>The objectives <see cref="AddSlo"/> read, for parts that size things while the node is built (cache entry options).</summary>
    public static SloObjectives GetSloObjectives(this IHostApplicationBuilder builder) =>
        builder.Properties.TryGetValue(typeof(SloObjectives), out var objectives) && objectives is SloObjectives read
            ? read
            : throw new InvalidOperationException("AddProtection (AddSlo) must run before this part is added.");

    public static IApplicationBuilder UseSloEvents(this IApplicationBuilder app) => app.UseMiddleware<SloEventsMiddleware>();
}
