using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Stadium.Gateway.Metrics;
using Yarp.ReverseProxy.Model;

namespace Stadium.Gateway.Forwarding;

/// <summary>
/// First step of the proxy pipeline: sets the request's <see cref="GatewayRequest"/> (arrival, route, deadline, whether
/// it may be retried) and, once it is answered, counts it by route, node (the one that gave the answer) and status.
/// </summary>
internal sealed class ProxyMetricsMiddleware(RequestDelegate next, GatewayMetrics metrics, RouteNames routes, DestinationLedger ledger, RetryPlanner retries, TimeProvider time)
{
    /// <summary>The node of an answer no node gave (none in rotation).</summary>
    public const string NoNode = "none";

    public async Task InvokeAsync(HttpContext context)
    {
        var start = time.GetTimestamp();
        var request = context.Request;
        var objective = routes.Objective(request.Method, request.Path);
        var idempotent = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        var bodiless = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != true;
        var state = new GatewayRequest(start, routes.Name(objective, request.Path), objective?.Deadline ?? routes.DefaultDeadline,
            retries.Enabled && idempotent && bodiless);
        context.Features.Set(state);
        try
        {
            await next(context);
        }
        finally
        {
            var node = context.GetReverseProxyFeature().ProxiedDestination?.DestinationId ?? NoNode;
            metrics.Answered(state.Route, node, context.Response.StatusCode, time.GetElapsedTime(start).TotalSeconds);
            ledger.Answered(node);
        }
    }
}
