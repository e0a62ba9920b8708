using Microsoft.Extensions.Hosting;

namespace Stadium.Protection.Slo;

/// <summary>The SLO file (slo.yaml): per-endpoint objectives and staleness budgets. (Placeholder until this part lands: registers and adds nothing.)</summary>
internal static class SloRegistration
{
    public static IHostApplicationBuilder AddSlo(this IHostApplicationBuilder builder) => builder;
}
