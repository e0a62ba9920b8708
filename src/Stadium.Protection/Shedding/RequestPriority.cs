using System.IO.Hashing;
using Microsoft.AspNetCore.Http;

namespace Stadium.Protection.Shedding;

/// <summary>
/// A request's place in the shedder's queue: its <see cref="PriorityTier"/> times the cohort count, plus its cohort's
/// rank. A user (or, when anonymous, a client address) hashes to a fixed cohort, and cohort ranks rotate by one place
/// every <see cref="SheddingOptions.CohortRotation"/>: under sustained overload the same users keep being served (a
/// user whose requests half fail is worse off than one refused outright, and so is everyone else), and over hours
/// each cohort takes its turn at the back. Everything here reads only the raw request (method, query, bearer header,
/// address): it runs before authentication.
/// </summary>
internal sealed class RequestPriority(SheddingOptions options, TimeProvider time)
{
    public static PriorityTier TierOf(HttpContext context, EndpointClass endpointClass)
    {
        if (endpointClass == EndpointClass.Bulk || IsDeepPage(context.Request))
        {
            return PriorityTier.Bulk;
        }

        return endpointClass != EndpointClass.Auth && BearerSubject.HasBearer(context.Request) ? PriorityTier.SignedIn : PriorityTier.Anonymous;
    }

    /// <summary>The queue priority (lower first) of a request in <paramref name="tier"/>.</summary>
    public int Of(HttpContext context, PriorityTier tier) => ((int)tier * options.Cohorts) + RankOf(CohortOf(context));

    /// <summary>The cohort's place in the current rotation (0 is served first).</summary>
    public int RankOf(int cohort)
    {
        var turn = time.GetUtcNow().Ticks / Math.Max(1, options.CohortRotation.Ticks);
        return (int)((cohort + turn) % options.Cohorts);
    }

    /// <summary>
    /// The user id ("sub") the request's bearer token names, else the client address, hashed into a cohort. The
    /// token is not verified here (<see cref="BearerSubject"/>): the shedder runs before authentication.
    /// </summary>
    public int CohortOf(HttpContext context)
    {
        uint hash;
        Span<byte> subject = stackalloc byte[64];
        var length = BearerSubject.Read(context.Request, subject);
        if (length > 0)
        {
            hash = XxHash32.HashToUInt32(subject[..length]);
        }
        else if (context.Connection.RemoteIpAddress is { } address)
        {
            Span<byte> bytes = stackalloc byte[16];
            hash = address.TryWriteBytes(bytes, out var written) ? XxHash32.HashToUInt32(bytes[..written]) : 0;
        }
        else
        {
            hash = 0;
        }

        return (int)(hash % (uint)options.Cohorts);
    }

    private static bool IsDeepPage(HttpRequest request) =>
        request.QueryString.HasValue && (request.Query.ContainsKey("cursor") || request.Query.ContainsKey("before"));
}
