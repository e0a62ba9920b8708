using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Stadium.Protection.Shedding;

/// <summary>The adaptive concurrency limiter with a priority queue. (Placeholder until this part lands: registers and adds nothing.)</summary>
internal static class SheddingRegistration
{
    public static IHostApplicationBuilder AddAdaptiveShedding(this IHostApplicationBuilder builder) => builder;

    public static IApplicationBuilder UseAdaptiveShedding(this IApplicationBuilder app) => app;
}
