using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Stadium.Protection.RateLimits;

/// <summary>
/// The RateLimit-Policy and RateLimit fields of draft-ietf-httpapi-ratelimit-headers (structured-field lists of one
/// item each): <c>RateLimit-Policy: "read";q=2000;w=2</c> is the bucket (q requests, refilled in full within w seconds)
/// and <c>RateLimit: "read";r=1999;t=1</c> what is left of it (r requests; t seconds until it is full again or, once
/// empty, until the next request may pass). A bucket of anonymous clients is named "{class}-address".
/// </summary>
internal static class RateLimitHeaders
{
    public const string Policy = "RateLimit-Policy";
    public const string Current = "RateLimit";

    public static string PolicyName(LimitKey key) =>
        key.Scope == LimitScope.User ? LimitKey.ClassName(key.Class) : LimitKey.ClassName(key.Class) + "-address";

    public static void Write(IHeaderDictionary headers, LimitKey key, LimitDecision decision)
    {
        var name = PolicyName(key);
        headers[Policy] = PolicyValue(name, decision.Quota);
        headers[Current] = CurrentValue(name, decision);
    }

    public static string PolicyValue(string name, BucketQuota quota) =>
        string.Create(CultureInfo.InvariantCulture, $"\"{name}\";q={quota.TokenLimit};w={SecondsToFill(quota, quota.TokenLimit)}");

    public static string CurrentValue(string name, LimitDecision decision)
    {
        var remaining = Math.Max(0, decision.Remaining);
        var reset = decision.Allowed
            ? SecondsToFill(decision.Quota, decision.Quota.TokenLimit - remaining)
            : Math.Max(1, (long)Math.Ceiling(decision.RetryAfter.TotalSeconds));
        return string.Create(CultureInfo.InvariantCulture, $"\"{name}\";r={remaining};t={reset}");
    }

    /// <summary>Whole seconds for the bucket to get <paramref name="missing"/> tokens back: whole periods, the last one counted in full.</summary>
    private static long SecondsToFill(BucketQuota quota, long missing)
    {
        if (missing <= 0)
        {
            return 0;
        }

        var periods = (long)Math.Ceiling(missing / (double)quota.TokensPerPeriod);
        return periods * (long)Math.Ceiling(quota.Period.TotalSeconds);
    }
}
