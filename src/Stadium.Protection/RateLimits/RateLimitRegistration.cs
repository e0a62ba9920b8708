using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Stadium.Protection.RateLimits;

/// <summary>Token buckets per user, client address and endpoint class. (Placeholder until this part lands: registers and adds nothing.)</summary>
internal static class RateLimitRegistration
{
    public static IHostApplicationBuilder AddInboundRateLimits(this IHostApplicationBuilder builder) => builder;

    public static IApplicationBuilder UseInboundRateLimits(this IApplicationBuilder app) => app;
}
