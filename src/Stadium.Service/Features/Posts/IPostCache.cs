using Stadium.Data;

namespace Stadium.Service.Features.Posts;

/// <summary>Posts by id, cached with their API JSON: how the feed hydrates timelines, and where a write lands after its commit.</summary>
public interface IPostCache
{
    /// <summary>The posts that still exist, in the order of <paramref name="ids"/>.</summary>
    ValueTask<List<PostEntry>> GetManyAsync(IReadOnlyList<long> ids, CancellationToken ct);

    ValueTask<PostRecord?> GetAsync(long id, CancellationToken ct);

    /// <summary>Caches a post just written, or a tombstone for one just deleted (null).</summary>
    ValueTask<PostEntry> StoreAsync(long id, PostRecord? post, CancellationToken ct);
}
