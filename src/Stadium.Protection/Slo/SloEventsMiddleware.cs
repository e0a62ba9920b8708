using Microsoft.AspNetCore.Http;

namespace Stadium.Protection.Slo;

/// <summary>
/// Counts each request to an endpoint the SLO file lists as good or bad once its answer has gone out
/// (<see cref="HttpResponse.OnCompleted(Func{object, Task}, object)"/>): only then is the status final, whichever
/// part wrote it (a handler, a refusal of the protection layer, or the exception handler's problem after a fault).
/// It runs first in the protection layer, so its latency includes the time a request queued in the shedder.
/// </summary>
internal sealed class SloEventsMiddleware(RequestDelegate next, SloEndpoints endpoints, SloMetrics metrics, TimeProvider time)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (endpoints.For(context) is { } objective)
        {
            context.Response.OnCompleted(static state => ((Measured)state).Complete(), new Measured(context, objective, metrics, time, time.GetTimestamp()));
        }

        return next(context);
    }

    private sealed class Measured(HttpContext context, EndpointObjective objective, SloMetrics metrics, TimeProvider time, long started)
    {
        public Task Complete()
        {
            metrics.Record(objective, SloEvents.Classify(context.Response.StatusCode, time.GetElapsedTime(started), objective));
            return Task.CompletedTask;
        }
    }
}
