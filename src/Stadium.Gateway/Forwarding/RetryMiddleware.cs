using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Stadium.Gateway.Forwarding;

/// <summary>
/// After load balancing: sends the request, and sends a GET or HEAD without a body once more, to another node, when the
/// first node did not answer (connection refused or reset before any answer) or answered 503 (shedding, not ready),
/// as <see cref="RetryPlanner"/> grants. A 503 is held back by <see cref="GatewayTransformProvider"/> before any of it
/// reaches the client, so nothing has been sent when the retry starts. Writes (POST, PUT, PATCH, DELETE) are never
/// retried: the node may have done them. Each attempt passes YARP's passive health check.
/// </summary>
internal sealed class RetryMiddleware(RequestDelegate next, RetryPlanner planner)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Features.GetRequiredFeature<GatewayRequest>();
        var proxy = context.GetReverseProxyFeature();
        if (proxy.AvailableDestinations is [var first])
        {
            request.Tried.Add(first);
        }

        if (request.Retryable)
        {
            planner.Sent();
        }

        await next(context);
        var retryOn = request.RetryOn;
        if (retryOn is null && context.Features.Get<IForwarderErrorFeature>()?.Error == ForwarderError.Request)
        {
            retryOn = planner.Grant(context, request);
        }

        if (retryOn is null || context.Response.HasStarted)
        {
            return;
        }

        request.RetryOn = null;
        request.Tried.Add(retryOn);
        context.Response.Clear();
        context.Features.Set<IForwarderErrorFeature>(null);
        proxy.AvailableDestinations = [retryOn];
        await next(context);
    }
}
