using Microsoft.AspNetCore.Http;
using Stadium.Protection.Slo;

namespace Stadium.Protection.Deadlines;

/// <summary>
/// Gives each request its time budget (the endpoint's deadline from the SLO file, or less when the caller sends
/// <see cref="DeadlineHeader.Name"/>) by replacing <see cref="HttpContext.RequestAborted"/> with a token that is
/// cancelled when the budget runs out or the client leaves. Handlers bind their <c>CancellationToken</c> to it, so it
/// reaches every store, cache and Redis call, and the rate limiter's and shedder's queues after this middleware:
/// work past its deadline is abandoned. The timer runs on the node's <see cref="TimeProvider"/>.
/// </summary>
internal sealed class DeadlineMiddleware(RequestDelegate next, SloEndpoints endpoints, DeadlineMetrics metrics, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var objective = endpoints.For(context);
        var budget = DeadlineHeader.Budget(context.Request.Headers[DeadlineHeader.Name], objective?.Deadline ?? endpoints.Objectives.DefaultDeadline);
        var clientAborted = context.RequestAborted;
        using var timer = new CancellationTokenSource(budget, time);
        // The client leaving cancels the same token; the registration goes before the timer is disposed.
        using var left = clientAborted.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), timer);
        var deadline = new RequestDeadline(budget, timer, clientAborted);
        context.Features.Set(deadline);
        context.RequestAborted = timer.Token;
        try
        {
            await next(context);
        }
        finally
        {
            context.RequestAborted = clientAborted;
            deadline.Close();
            if (deadline.Exceeded)
            {
                metrics.Exceeded(objective?.Name ?? DeadlineMetrics.Unlisted);
            }
        }
    }
}
