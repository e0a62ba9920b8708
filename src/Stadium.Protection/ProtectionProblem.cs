using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Stadium.Protection;

/// <summary>
/// The one way every protection part refuses a request: an RFC 9457 problem+json body with the given status, and a
/// Retry-After in whole seconds (at least 1) when the client should come back later.
/// </summary>
internal static class ProtectionProblem
{
    public static ValueTask WriteAsync(HttpContext context, int status, string title, string detail, TimeSpan? retryAfter = null)
    {
        var response = context.Response;
        response.StatusCode = status;
        if (retryAfter is { } wait)
        {
            response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
