using Stadium.Data;
using Stadium.Service.Features.Exports;

namespace Stadium.Service.Tests;

public sealed class ExportStreamingTests
{
    [Fact]
    public async Task An_author_with_12000_posts_is_exported_page_by_page()
    {
        var posts = new GeneratedPosts(authorId: 1, count: 12_000);
        var writer = new ExportPdfWriter(new OneUser(), posts);
        var path = Path.Combine(Path.GetTempPath(), $"stadium-export-{Guid.NewGuid():n}.pdf");
        try
        {
            var written = await writer.WriteAsync(1, path, DateTimeOffset.UtcNow, CancellationToken.None);
            Assert.Equal(12_000, written);
            // Never more than one page of posts asked for (or held) at a time.
            Assert.True(posts.LargestRead <= 200, $"read {posts.LargestRead} posts at once");
            Assert.True(posts.Reads >= 60);
            var bytes = await File.ReadAllBytesAsync(path);
            Assert.Equal("%PDF-"u8.ToArray(), bytes[..5]);
            Assert.Empty(Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(path) + ".*.tmp"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Posts made up on demand, newest first, so the test itself never holds them all.</summary>
    private sealed class GeneratedPosts(long authorId, int count) : IPostStore
    {
        public int LargestRead { get; private set; }

        public int Reads { get; private set; }

        public Task<IReadOnlyList<PostRecord>> GetUserPostsAsync(long author, long? before, int limit, CancellationToken ct)
        {
            Reads++;
            LargestRead = Math.Max(LargestRead, limit);
            var top = Math.Min(before ?? long.MaxValue, count + 1L) - 1;
            IReadOnlyList<PostRecord> page = Enumerable.Range(0, (int)Math.Max(0, Math.Min(limit, top)))
                .Select(i => top - i)
                .Select(id => new PostRecord(id, authorId, "prolific", $"Post number {id}: " + new string('w', (int)(id % 120)), DateTimeOffset.UnixEpoch.AddMinutes(id)))
                .ToList();
            return Task.FromResult(page);
        }

        public Task<PostCreateResult> CreatePostAsync(long authorId, string text, DateTimeOffset at, IdempotencyKey? key, CancellationToken ct) => throw new NotSupportedException();

        public Task<PostRecord?> GetPostAsync(long id, CancellationToken ct) => throw new NotSupportedException();

        public Task<IReadOnlyList<PostRecord>> GetPostsAsync(IReadOnlyCollection<long> ids, CancellationToken ct) => throw new NotSupportedException();

        public Task<DeleteOutcome> DeletePostAsync(long id, long requesterId, CancellationToken ct) => throw new NotSupportedException();

        public Task<IReadOnlyList<long>> GetRecentPostIdsAsync(long authorId, int limit, CancellationToken ct) => throw new NotSupportedException();
    }

    private sealed class OneUser : IUserStore
    {
        public Task<UserRecord?> FindByIdAsync(long id, CancellationToken ct) =>
            Task.FromResult<UserRecord?>(new UserRecord(id, "prolific", "Prolific Writer", "Writes a lot.", 3, 4, 12_000, DateTimeOffset.UnixEpoch));

        public Task<long?> CreateUserAsync(NewUser user, CancellationToken ct) => throw new NotSupportedException();

        public Task<UserRecord?> FindByUsernameAsync(string username, CancellationToken ct) => throw new NotSupportedException();

        public Task<Credentials?> GetCredentialsAsync(string username, CancellationToken ct) => throw new NotSupportedException();

        public Task UpdatePasswordHashAsync(long userId, string passwordHash, CancellationToken ct) => throw new NotSupportedException();

        public Task<UserRecord?> UpdateProfileAsync(long userId, string? displayName, string? bio, CancellationToken ct) => throw new NotSupportedException();
    }
}
