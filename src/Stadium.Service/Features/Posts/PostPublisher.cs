using Stadium.Data;
using Stadium.Service.Features.Feed;
using Stadium.Service.Features.Users;
using Stadium.Service.Platform;

namespace Stadium.Service.Features.Posts;

/// <summary>
/// Everything that follows a post's commit, in one place: the post (or its tombstone) written through to the cache,
/// the author's profile as the write left it, and the fan-out to timelines. All of it runs on
/// <see cref="AfterCommit.Token"/>, so a client that leaves after the commit never leaves a write applied halfway.
/// </summary>
internal sealed class PostPublisher(IPostCache posts, IProfileCache profiles, IFanOut fanOut)
{
    public async Task CreatedAsync(PostRecord post, UserRecord? author)
    {
        await posts.StoreAsync(post.Id, post, AfterCommit.Token);

        // The author's row as the write left it (read in the write's transaction) goes to the cache, so
        // no reader refills the profile from a replica that has not caught up; its follower count decides fan-out.
        if (author is not null)
        {
            await profiles.StoreAsync(author, AfterCommit.Token);
        }

        await fanOut.PublishAsync(post, author?.Followers ?? 0, AfterCommit.Token);
    }

    /// <summary>The id stays in timelines; the tombstone keeps readers of those timelines from asking the store for it.</summary>
    public async Task DeletedAsync(long postId, string authorUsername)
    {
        await posts.StoreAsync(postId, null, AfterCommit.Token);
        await profiles.InvalidateAsync(authorUsername, AfterCommit.Token);
    }
}
