using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Stadium.Protection.Memory;
using Stadium.Protection.Slo;

namespace Stadium.Protection.Shedding;

/// <summary>
/// Admits each request at its priority, or sheds it with 503 and a jittered Retry-After: first the CPU's admission
/// level (<see cref="PriorityThreshold"/>), then the concurrency limit and its queue of the request's bulkhead
/// (<see cref="AdmissionGates"/>: reads, writes, the rest). Health checks and metrics are never shed: an orchestrator that sees an overloaded node as dead
/// restarts it and moves its load onto the others. Only reads' and writes' latency teaches the limit: logins
/// (password hashing at low priority) and bulk work run long by design and say nothing about queueing in the node.
/// Each sample is measured against its own route's latency objective (<see cref="Admission.Scale"/>): endpoints that
/// promise more time may take it, so a shift in the mix towards writes does not read as queueing.
/// </summary>
internal sealed class SheddingMiddleware(
    RequestDelegate next, AdmissionGates gates, PriorityThreshold threshold, RequestPriority priority, SheddingMetrics metrics, IOptions<SheddingOptions> options,
    IMemoryPressure memory, SloEndpoints objectives)
{
    /// <summary>Serialised once: a shed answer must cost a small fraction of a served one.</summary>
    private static readonly byte[] ShedBody = ProtectionProblem.Fixed(StatusCodes.Status503ServiceUnavailable, "Server busy",
        "The server is at capacity; retry after the number of seconds in Retry-After.");

    private readonly SheddingOptions _options = options.Value;

    public async Task InvokeAsync(HttpContext context)
    {
        if (!_options.Enabled || IsExempt(context.Request.Path))
        {
            await next(context);
            return;
        }

        var endpointClass = context.GetEndpointClass();
        var tier = RequestPriority.TierOf(context, endpointClass);
        var place = priority.Of(context, tier);
        // Under critical memory pressure bulk work waits: it allocates the most per request and can always come back later.
        var memoryShed = tier == PriorityTier.Bulk && memory.Level == MemoryPressureLevel.Critical;
        var gate = gates.For(endpointClass);
        ShedReason? refused = _options.ShedAll ? ShedReason.Drill
            : memoryShed ? ShedReason.Memory
            : !threshold.Admits(place, Random.Shared) ? ShedReason.Cpu
            : !await gate.EnterAsync(place, _options.QueueTimeout, context.RequestAborted) ? ShedReason.Limit
            : null;
        if (refused is { } reason)
        {
            metrics.Shed(tier, reason);
            threshold.Refused();
            await ShedAsync(context);
            return;
        }

        var sampled = tier != PriorityTier.Bulk && endpointClass != EndpointClass.Auth;
        var admission = gate.Start(sampled, sampled ? ScaleOf(context) : 1);
        try
        {
            await next(context);
        }
        finally
        {
            gate.Exit(admission);
            threshold.Completed();
        }
    }

    /// <summary>The tightest objective over this request's own (1 for routes the SLO file does not list).</summary>
    private double ScaleOf(HttpContext context) =>
        objectives.ForPath(context) is { Latency: var latency } && latency > TimeSpan.Zero && objectives.Objectives.Tightest > TimeSpan.Zero
            ? Math.Min(1, objectives.Objectives.Tightest / latency)
            : 1;

    /// <summary>Probes and metrics; at the gateway also its own views (/gateway/destinations, /dashboard), which an operator needs most under overload.</summary>
    private static bool IsExempt(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/gateway", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/dashboard", StringComparison.OrdinalIgnoreCase);

    private Task ShedAsync(HttpContext context)
    {
        var retryAfter = TimeSpan.FromSeconds(Random.Shared.Next((int)_options.RetryAfterMin.TotalSeconds, (int)_options.RetryAfterMax.TotalSeconds + 1));
        return ProtectionProblem.WriteFixedAsync(context, StatusCodes.Status503ServiceUnavailable, ShedBody, retryAfter);
    }
}
