namespace Stadium.Planning.Tests.Edge;

/// <summary>What the edge says about an answer.</summary>
internal static class EdgeResponses
{
    /// <summary>The X-Cache-Status the edge added (HIT, MISS, REVALIDATED, STALE, ...), or "" for none.</summary>
    public static string CacheStatus(this HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Cache-Status", out var values) ? values.Single() : "";

    /// <summary>How long the answer may be served fresh, from its Cache-Control (which must give one).</summary>
    public static TimeSpan MaxAge(this HttpResponseMessage response)
    {
        Assert.True(response.Headers.CacheControl?.MaxAge is not null, $"{response.RequestMessage?.RequestUri}: no max-age");
        return response.Headers.CacheControl!.MaxAge!.Value;
    }
}
