using Microsoft.AspNetCore.Http;

namespace Stadium.Protection.RateLimits;

/// <summary>The bucket of a request: its endpoint class and its signed-in user (the token's subject), or else its client address.</summary>
internal static class LimitKeys
{
    /// <summary>The JWT subject claim: the handler keeps claim names as sent (no mapping to the XML-namespace names).</summary>
    private const string Subject = "sub";

    public static LimitKey For(HttpContext context)
    {
        var endpointClass = context.GetEndpointClass();
        if (context.User.Identity?.IsAuthenticated == true && context.User.FindFirst(Subject)?.Value is { Length: > 0 } user)
        {
            return new LimitKey(endpointClass, LimitScope.User, user);
        }

        return new LimitKey(endpointClass, LimitScope.Address, ClientAddress.Of(context.Connection.RemoteIpAddress));
    }

    /// <summary>Health probes, metrics scrapes and the API's own description are never limited.</summary>
    public static bool Unlimited(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics")
        || path.StartsWithSegments("/openapi") || path.StartsWithSegments("/docs");
}
