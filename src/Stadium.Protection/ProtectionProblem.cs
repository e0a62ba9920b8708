using System.Globalization;
using System.Text.Json;
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
        Start(response, status, retryAfter);

        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    /// <summary>
    /// A problem body serialised once, for refusals that must cost far less than the work they refuse (a shed answer
    /// under overload): no per-request serialisation, trace id or instance, just the bytes.
    /// </summary>
    public static byte[] Fixed(int status, string title, string detail) =>
        JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            // RFC 9110 numbers the 5xx sections from 500 (15.6.1); anything else is the RFC 9457 default.
            ["type"] = status is >= 500 and <= 505 ? $"https://tools.ietf.org/html/rfc9110#section-15.6.{status - 499}" : "about:blank",
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
        });

    public static Task WriteFixedAsync(HttpContext context, int status, byte[] body, TimeSpan? retryAfter = null)
    {
        var response = context.Response;
        Start(response, status, retryAfter);
        response.ContentType = "application/problem+json";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, 0, body.Length, context.RequestAborted);
    }

    private static void Start(HttpResponse response, int status, TimeSpan? retryAfter)
    {
        response.StatusCode = status;
        if (retryAfter is { } wait)
        {
            response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
    }
}
