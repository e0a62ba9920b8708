namespace Stadium.Data;

public interface IPostStore
{
    /// <summary>
    /// Inserts a post and bumps the author's counter in one transaction. With a key, a replay of
    /// the same request returns the first post instead of writing a second one.
    /// </summary>
    Task<PostCreateResult> CreatePostAsync(long authorId, string text, DateTimeOffset at, IdempotencyKey? key, CancellationToken ct);

    Task<PostRecord?> GetPostAsync(long id, CancellationToken ct);

    /// <summary>Multi-get in one round trip; missing ids are simply absent from the answer.</summary>
    Task<IReadOnlyList<PostRecord>> GetPostsAsync(IReadOnlyCollection<long> ids, CancellationToken ct);

    /// <summary>
    /// <see cref="GetPostsAsync"/> up to date with every commit made before the call, so an id absent from the answer
    /// really is gone (deleted or never written), not merely not yet on a lagging replica. A store without replicas
    /// is always up to date.
    /// </summary>
    Task<IReadOnlyList<PostRecord>> GetPostsUpToDateAsync(IReadOnlyCollection<long> ids, CancellationToken ct) => GetPostsAsync(ids, ct);

    /// <summary>Deletes only when <paramref name="requesterId"/> owns the post.</summary>
    Task<DeleteOutcome> DeletePostAsync(long id, long requesterId, CancellationToken ct);

    /// <summary>An author's posts, newest first, with ids below <paramref name="before"/>.</summary>
    Task<IReadOnlyList<PostRecord>> GetUserPostsAsync(long authorId, long? before, int limit, CancellationToken ct);

    /// <summary>
    /// An author's newest post ids, up to date with every commit made before the call (never a lagging
    /// replica's past): timelines are built from it and cached.
    /// </summary>
    Task<IReadOnlyList<long>> GetRecentPostIdsAsync(long authorId, int limit, CancellationToken ct);
}
