using System.Globalization;
using Microsoft.AspNetCore.Http;
using Stadium.Protection.Dependencies;

namespace Stadium.Service.Platform;

/// <summary>The 503 answer for a dependency that is down: which one, and whether the call reached it (if not, nothing was written).</summary>
internal static class DependencyProblem
{
    public static (int Status, string Title, string? Detail) Describe(DependencyUnavailableException e) => e.WasAttempted
        ? (StatusCodes.Status503ServiceUnavailable, $"Dependency unavailable: {e.Dependency}",
            $"The {e.Dependency} database did not answer in time; retry shortly (with the same Idempotency-Key, a retried create makes one post).")
        : (StatusCodes.Status503ServiceUnavailable, $"Dependency unavailable: {e.Dependency}",
            $"The {e.Dependency} database is failing and its circuit breaker is open, so the request was not sent to it and nothing was written; retry after the Retry-After.");

    /// <summary>Whole seconds, at least 1: the breaker's remaining break for a refusal, 1 otherwise.</summary>
    public static string RetryAfter(Exception exception) =>
        (exception is DependencyUnavailableException e ? Math.Max(1, (long)Math.Ceiling(e.RetryAfter.TotalSeconds)) : 1).ToString(CultureInfo.InvariantCulture);
}
