using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Stadium.Chaos.Proxy;

/// <summary>
/// Refusals as RFC 9457 problems (<c>application/problem+json</c>) that also carry Toxiproxy's <c>error</c> field; its
/// <c>status</c> is the problem's own, so a client written for Toxiproxy's error body reads this one too.
/// </summary>
internal static class ProxyProblems
{
    public static IResult Problem(int status, string message, JsonArray? proxies = null)
    {
        var extensions = new Dictionary<string, object?> { ["error"] = message };
        if (proxies is not null)
        {
            extensions["proxies"] = proxies;
        }

        return Results.Problem(detail: message, statusCode: status, title: ReasonPhrases.GetReasonPhrase(status), extensions: extensions);
    }

    /// <summary>Answers a <see cref="ProxyApiException"/> thrown by any route as its problem.</summary>
    public static void UseProxyProblems(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (ProxyApiException e) when (!context.Response.HasStarted)
        {
            await Problem(e.Status, e.Message).ExecuteAsync(context);
        }
    });
}
