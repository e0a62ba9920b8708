using Microsoft.Extensions.Hosting;

namespace Stadium.Protection.Dependencies;

/// <summary>One named resilience pipeline per dependency. (Placeholder until this part lands: registers and adds nothing.)</summary>
internal static class DependencyRegistration
{
    public static IHostApplicationBuilder AddDependencyPipelines(this IHostApplicationBuilder builder) => builder;
}
