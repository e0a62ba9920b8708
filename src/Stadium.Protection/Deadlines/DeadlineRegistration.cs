using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Stadium.Protection.Deadlines;

/// <summary>Per-request time budgets carried by the request's cancellation token. (Placeholder until this part lands: registers and adds nothing.)</summary>
internal static class DeadlineRegistration
{
    public static IHostApplicationBuilder AddDeadlines(this IHostApplicationBuilder builder) => builder;

    public static IApplicationBuilder UseDeadlines(this IApplicationBuilder app) => app;
}
