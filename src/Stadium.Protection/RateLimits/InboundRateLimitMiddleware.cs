using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Stadium.Protection.RateLimits;

/// <summary>
/// One token per request from the bucket of its endpoint class and its user (or client address). Allowed answers carry
/// the bucket's RateLimit-Policy and RateLimit fields, set as the response starts so that every answer has them, even
/// one an exception handler rewrote; a refusal is a 429 problem with Retry-After and the same fields. Hand-written
/// rather than ASP.NET's rate-limiter middleware, whose one OnRejected belongs to the login admission policy and which
/// cannot add fields to answers it lets through.
/// </summary>
internal sealed class InboundRateLimitMiddleware(RequestDelegate next, InboundRateLimiter limiter, RateLimitMetrics metrics, IOptions<RateLimitOptions> options)
{
    private readonly bool _enabled = options.Value.Enabled;

    public async Task InvokeAsync(HttpContext context)
    {
        if (!_enabled || LimitKeys.Unlimited(context.Request.Path))
        {
            await next(context);
            return;
        }

        var key = LimitKeys.For(context);
        var decision = await limiter.AcquireAsync(key, context.RequestAborted);
        if (decision.Allowed)
        {
            context.Response.OnStarting(static state =>
            {
                var (http, key, decision) = ((HttpContext, LimitKey, LimitDecision))state;
                RateLimitHeaders.Write(http.Response.Headers, key, decision);
                return Task.CompletedTask;
            }, (context, key, decision));
            await next(context);
            return;
        }

        metrics.Refused(key);
        RateLimitHeaders.Write(context.Response.Headers, key, decision);
        var wait = Math.Max(1, (long)Math.Ceiling(decision.RetryAfter.TotalSeconds));
        await ProtectionProblem.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too many requests",
            string.Create(CultureInfo.InvariantCulture,
                $"The {RateLimitHeaders.PolicyName(key)} limit of {decision.Quota.TokenLimit} requests is used up; retry after {wait} s (Retry-After)."),
            decision.RetryAfter);
    }
}
