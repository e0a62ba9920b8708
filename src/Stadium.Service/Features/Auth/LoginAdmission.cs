using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Stadium.Service.Features.Auth;

/// <summary>
/// Password hashing is the CPU-bound step of a login storm: at most Stadium:Auth:LoginConcurrency hashes run at once,
/// Stadium:Auth:LoginQueue wait, and the rest are shed with 503 and a Retry-After from <see cref="LoginRetryAdvice"/>.
/// </summary>
internal static class LoginAdmission
{
    /// <summary>Rate-limiter policy for the endpoints that hash passwords.</summary>
    public const string PasswordHashingPolicy = "password-hashing";

    public static IServiceCollection AddLoginAdmission(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<AuthOptions>>((limiter, auth) =>
        {
            limiter.AddConcurrencyLimiter(PasswordHashingPolicy, concurrency =>
            {
                concurrency.PermitLimit = auth.Value.LoginConcurrency;
                concurrency.QueueLimit = auth.Value.LoginQueue;
                concurrency.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            });
            limiter.OnRejected = ShedAsync;
        });
        return services;
    }

    private static async ValueTask ShedAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        var retryAfter = http.RequestServices.GetRequiredService<LoginRetryAdvice>().ShedOne(Random.Shared);
        http.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Too many logins in progress",
                Detail = "Password checks are at capacity; retry after the number of seconds in Retry-After.",
            },
        });
    }
}
