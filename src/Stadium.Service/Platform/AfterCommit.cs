namespace Stadium.Service.Platform;

/// <summary>
/// The cancellation token for the work that brings caches and timelines in step with a write that has committed.
/// It is never the request's own: a client that leaves (times out, loses its network) after the commit fires
/// RequestAborted, and stopping there would leave the write applied halfway (a post in no follower's feed, a
/// deleted post still served from cache, a follow that does not change the feed). The steps are in-process or
/// bounded by their own timeouts, so finishing them costs the departed client nothing.
/// </summary>
internal static class AfterCommit
{
    public static CancellationToken Token => CancellationToken.None;
}
