using System.Globalization;
using System.IO.Hashing;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Stadium.Gateway.Health;
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
/// Two things make that spread even. Each affinity lasts a random time between half the lifetime and the whole, so
/// clients that arrived together do not all come back to the balancer in the same second. And a client whose affinity
/// ended (it still sends the old cookie: a sticky client) is given the node holding the fewest live affinities
/// (<see cref="AffinityLedger"/>; ties at random, degraded nodes only when no other is offered), counted when chosen so
/// a burst of such clients does not herd: requests in flight say little about where sessions are, since a sticky
/// client is idle most of the time. A client without any cookie is balanced on requests in flight (YARP's
/// power-of-two-choices), as every client that keeps no cookie is.
/// </summary>
internal sealed class RotatingCookieAffinityPolicy(IOptions<GatewayOptions> options, TimeProvider time, NodeConditions conditions) : ISessionAffinityPolicy
{
    public const string PolicyName = "StadiumRotatingCookie";

    private static readonly object Affinitized = new();
    private static readonly object Rebalanced = new();
    private readonly TimeSpan _lifetime = options.Value.Affinity.Lifetime;
    private readonly bool _onPublicAnswers = options.Value.Affinity.OnPublicAnswers;
    private readonly AffinityLedger _ledger = new(time, options.Value.Affinity.Lifetime);

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

        // A public answer (Cache-Control: public, the API's cacheable reads) is for every client: a shared cache in
        // front (deploy/nginx/edge.conf, a CDN) stores none that carries a Set-Cookie, and one that did would hand this
        // client's affinity to all. Unless Affinity:OnPublicAnswers, the client keeps no affinity from it and is
        // balanced until a private answer.
        if (!_onPublicAnswers && response.GetTypedHeaders().CacheControl?.Public == true)
        {
            return;
        }

        DateTimeOffset ends;
        if (context.Items.TryGetValue(Rebalanced, out var chosen) && chosen is (DestinationState node, DateTimeOffset until) && ReferenceEquals(node, destination))
        {
            ends = until;
        }
        else
        {
            ends = NewEnd();
            _ledger.Made(destination.DestinationId, ends);
        }

        response.Cookies.Append(config.AffinityKeyName, $"{Hash(destination)}.{ends.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}",
            new CookieOptions { Path = "/", HttpOnly = true, IsEssential = true, SameSite = SameSiteMode.Lax, Expires = ends, Secure = context.Request.IsHttps });
    }

    public AffinityResult FindAffinitizedDestinations(HttpContext context, ClusterState cluster, SessionAffinityConfig config, IReadOnlyList<DestinationState> destinations)
    {
        var cookie = context.Request.Cookies[config.AffinityKeyName];
        if (cookie is null)
        {
            // No affinity: balanced like any request, and the answer carries a new cookie.
            return new AffinityResult(null, AffinityStatus.AffinityKeyNotSet);
        }

        var dot = cookie.LastIndexOf('.');
        if (dot > 0
            && long.TryParse(cookie.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var ends)
            && time.GetUtcNow().ToUnixTimeSeconds() < ends)
        {
            var hash = cookie[..dot];
            foreach (var destination in destinations)
            {
                if (Hash(destination) == hash)
                {
                    context.Items[Affinitized] = destination;
                    return new AffinityResult([destination], AffinityStatus.OK);
                }
            }
        }

        // A sticky client whose affinity ended or whose node left: to the node with the fewest sessions.
        if (Fewest(destinations) is not { } fewest)
        {
            return new AffinityResult(null, AffinityStatus.DestinationNotFound);
        }

        var until = NewEnd();
        _ledger.Made(fewest.DestinationId, until);
        context.Items[Rebalanced] = (fewest, until);
        return new AffinityResult([fewest], AffinityStatus.OK);
    }

    /// <summary>Between half the lifetime and the whole, so affinities made together do not end together.</summary>
    private DateTimeOffset NewEnd() => time.GetUtcNow() + (_lifetime * (0.5 + (Random.Shared.NextDouble() * 0.5)));

    private DestinationState? Fewest(IReadOnlyList<DestinationState> destinations)
    {
        var fine = destinations.Where(d => !conditions.IsDegraded(d.DestinationId)).ToList();
        var offered = fine.Count > 0 ? fine : destinations;
        if (offered.Count == 0)
        {
            return null;
        }

        var counts = offered.Select(d => (Destination: d, Live: _ledger.Live(d.DestinationId))).ToList();
        var least = counts.Min(c => c.Live);
        var tied = counts.Where(c => c.Live == least).ToList();
        return tied[Random.Shared.Next(tied.Count)].Destination;
    }

    private static string Hash(DestinationState destination) =>
        Convert.ToHexStringLower(XxHash64.Hash(Encoding.UTF8.GetBytes(destination.DestinationId.ToUpperInvariant())));
}
