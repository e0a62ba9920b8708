namespace Stadium.Service.Features.Feed;

/// <summary>
/// Capped lists of post ids, newest first. Only resident lists take pushes; a list that is not
/// resident is rebuilt from the store on its next read, so nothing needs every user's list in memory.
/// </summary>
public interface ITimelineStore
{
    /// <summary>Reads up to <paramref name="count"/> ids below <paramref name="before"/>, building the list with <paramref name="load"/> if absent.</summary>
    ValueTask<TimelineSlice> ReadAsync(
        TimelineKey key, long? before, int count, Func<CancellationToken, Task<IReadOnlyList<long>>> load, CancellationToken ct);

    /// <summary>Adds a new post id to each of the lists that are resident.</summary>
    ValueTask PushAsync(IReadOnlyList<TimelineKey> keys, long postId, CancellationToken ct);

    /// <summary>Drops a list so the next read rebuilds it (after follow or unfollow).</summary>
    ValueTask InvalidateAsync(TimelineKey key, CancellationToken ct);
}
