using System.Globalization;
using System.IO.Hashing;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Stadium.Gateway.Options;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Model;
using Yarp.ReverseProxy.SessionAffinity;

namespace Stadium.Gateway.Affinity;

/// <summary>
/// YARP cookie affinity that rotates. The cookie holds a hash of the node's name (names stay private, as YARP's
/// HashCookie keeps them) and when the affinity ends, "hash.unixSeconds". An affinity is made again by the balancer when:
/// it expired (<see cref="GatewayAffinityOptions.Lifetime"/>, checked here on the gateway's clock, not left to the
/// client); its node left rotation (draining, unready, failing: it is not among the destinations offered, and the
/// cluster's Redistribute failure policy sends the request on); or its node answered 503 (overloaded, shedding: the
/// cookie is removed, so the next request is balanced). After a scale-out, sticky clients therefore spread over the new
/// nodes within one lifetime.
/// </summary>
internal sealed class RotatingCookieAffinityPolicy(IOptions<GatewayOptions> options, TimeProvider time) : ISessionAffinityPolicy
{
    public const string PolicyName = "StadiumRotatingCookie";

    private static readonly object Affinitized = new();
    private readonly TimeSpan _lifetime = options.Value.Affinity.Lifetime;

    public string Name => PolicyName;

    public void AffinitizeResponse(HttpContext context, ClusterState cluster, SessionAffinityConfig config, DestinationState destination)
    {
        var response = context.Response;
        if (response.StatusCode == StatusCodes.Status503ServiceUnavailable)
        {
            response.Cookies.Delete(config.AffinityKeyName, new CookieOptions { Path = "/" });
            return;
        }

        if (context.Items.TryGetValue(Affinitized, out var kept) && ReferenceEquals(kept, destination))
        {
            return;
        }

        var ends = time.GetUtcNow() + _lifetime;
        response.Cookies.Append(config.AffinityKeyName, $"{Hash(destination)}.{ends.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}",
            new CookieOptions { Path = "/", HttpOnly = true, IsEssential = true, SameSite = SameSiteMode.Lax, Expires = ends, Secure = context.Request.IsHttps });
    }

    public AffinityResult FindAffinitizedDestinations(HttpContext context, ClusterState cluster, SessionAffinityConfig config, IReadOnlyList<DestinationState> destinations)
    {
        var cookie = context.Request.Cookies[config.AffinityKeyName];
        var dot = cookie?.LastIndexOf('.') ?? -1;
        if (cookie is null || dot <= 0
            || !long.TryParse(cookie.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var ends)
            || time.GetUtcNow().ToUnixTimeSeconds() >= ends)
        {
            // No affinity, or an expired one: balanced like any request, and the answer carries a new cookie.
            return new AffinityResult(null, AffinityStatus.AffinityKeyNotSet);
        }

        var hash = cookie[..dot];
        foreach (var destination in destinations)
        {
            if (Hash(destination) == hash)
            {
                context.Items[Affinitized] = destination;
                return new AffinityResult([destination], AffinityStatus.OK);
            }
        }

        return new AffinityResult(null, AffinityStatus.DestinationNotFound);
    }

    private static string Hash(DestinationState destination) =>
        Convert.ToHexStringLower(XxHash64.Hash(Encoding.UTF8.GetBytes(destination.DestinationId.ToUpperInvariant())));
}
