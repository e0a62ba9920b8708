using Microsoft.AspNetCore.Http;
using Stadium.Gateway.Health;
using Yarp.ReverseProxy.Model;

namespace Stadium.Gateway.Forwarding;

/// <summary>
/// Between session affinity and load balancing: a request without an affinity (more than one destination offered) is
/// not balanced onto a degraded node while a node that is fine remains. A request that has an affinity with a degraded
/// node (one destination offered) keeps it (see <see cref="NodeConditions"/>).
/// </summary>
internal sealed class DegradedFilterMiddleware(RequestDelegate next, NodeConditions conditions)
{
    public Task InvokeAsync(HttpContext context)
    {
        var proxy = context.GetReverseProxyFeature();
        var offered = proxy.AvailableDestinations;
        if (offered.Count > 1)
        {
            var fine = offered.Where(d => !conditions.IsDegraded(d.DestinationId)).ToList();
            if (fine.Count > 0 && fine.Count < offered.Count)
            {
                proxy.AvailableDestinations = fine;
            }
        }

        return next(context);
    }
}
