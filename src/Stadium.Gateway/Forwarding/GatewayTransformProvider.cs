using System.Globalization;
using Microsoft.AspNetCore.Http;
using Stadium.Protection.Deadlines;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Stadium.Gateway.Forwarding;

/// <summary>
/// The gateway's transforms on every proxied request. Request: <c>Stadium-Deadline-Ms</c> is what remains of the route's
/// deadline (the SLO file's) after the time spent at the gateway, retries included; a client's own shorter value is
/// kept, since the node takes only one. Response: a 503 from a node, on a request <see cref="RetryPlanner"/> grants a
/// retry, is not passed on (its body is dropped before anything is written) and <see cref="RetryMiddleware"/> sends the
/// request to the granted node.
/// </summary>
internal sealed class GatewayTransformProvider(RetryPlanner planner, TimeProvider time) : ITransformProvider
{
    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        context.AddRequestTransform(SetDeadline);
        context.AddResponseTransform(HoldBackShed);
    }

    private ValueTask SetDeadline(RequestTransformContext context)
    {
        if (context.HttpContext.Features.Get<GatewayRequest>() is not { } request)
        {
            return default;
        }

        var left = request.Deadline - time.GetElapsedTime(request.StartTimestamp);
        var budget = DeadlineHeader.Budget(context.HttpContext.Request.Headers[DeadlineHeader.Name], left);
        var milliseconds = Math.Max(1, (long)Math.Floor(budget.TotalMilliseconds));
        context.ProxyRequest.Headers.Remove(DeadlineHeader.Name);
        context.ProxyRequest.Headers.TryAddWithoutValidation(DeadlineHeader.Name, milliseconds.ToString(CultureInfo.InvariantCulture));
        return default;
    }

    private ValueTask HoldBackShed(ResponseTransformContext context)
    {
        if (context.ProxyResponse?.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable
            && context.HttpContext.Features.Get<GatewayRequest>() is { } request
            && planner.Grant(context.HttpContext, request) is { } other)
        {
            context.SuppressResponseBody = true;
            request.RetryOn = other;
        }

        return default;
    }
}
