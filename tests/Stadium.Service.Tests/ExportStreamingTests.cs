using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;
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
            // Never more than one page of posts asked for at a time...
            Assert.True(posts.LargestRead <= 200, $"read {posts.LargestRead} posts at once");
            Assert.True(posts.Reads >= 60);
            // ...nor held: by the time a page is read, every post of the pages before the last one can be collected.
            // (A writer that kept the posts, in a list or in the layout, fails here whatever the page size.)
            Assert.True(posts.Checks >= 5, $"only {posts.Checks} retention checks ran");
            Assert.Equal(0, posts.MostRetained);

            var bytes = await File.ReadAllBytesAsync(path);
            Assert.Equal("%PDF-"u8.ToArray(), bytes[..5]);
            Assert.Empty(Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(path) + ".*.tmp"));
            // A real document: the profile's title, and pages enough for 12,000 posts (about 18 fit on a page).
            using var document = PdfReader.Open(path, PdfDocumentOpenMode.Import);
            Assert.Equal("@prolific on Stadium", document.Info.Title);
            Assert.InRange(document.PageCount, 12_000 / 40, 12_000 / 5);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// Posts made up on demand, newest first, so the test itself never holds them all. Every post handed out is
    /// watched through a weak reference: every tenth read, after a full collection, <see cref="MostRetained"/> counts
    /// the posts of pages before the previous one (the writer still holds the page it is drawing) still alive.
    /// </summary>
    private sealed class GeneratedPosts(long authorId, int count) : IPostStore
    {
        private readonly List<WeakReference<PostRecord>[]> _pages = [];

        public int LargestRead { get; private set; }

        public int Reads { get; private set; }

        public int Checks { get; private set; }

        public int MostRetained { get; private set; }

        public Task<IReadOnlyList<PostRecord>> GetUserPostsAsync(long author, long? before, int limit, CancellationToken ct)
        {
            Reads++;
            LargestRead = Math.Max(LargestRead, limit);
            if (Reads % 10 == 0)
            {
                CountRetained();
            }

            var top = Math.Min(before ?? long.MaxValue, count + 1L) - 1;
            IReadOnlyList<PostRecord> page = Enumerable.Range(0, (int)Math.Max(0, Math.Min(limit, top)))
                .Select(i => top - i)
                .Select(id => new PostRecord(id, authorId, "prolific", $"Post number {id}: " + new string('w', (int)(id % 120)), DateTimeOffset.UnixEpoch.AddMinutes(id)))
                .ToList();
            _pages.Add([.. page.Select(p => new WeakReference<PostRecord>(p))]);
            return Task.FromResult(page);
        }

        private void CountRetained()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var retained = _pages.SkipLast(1).Sum(page => page.Count(p => p.TryGetTarget(out _)));
            MostRetained = Math.Max(MostRetained, retained);
            Checks++;
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

        public Task<EmailSettings?> GetEmailSettingsAsync(long userId, CancellationToken ct) => throw new NotSupportedException();

        public Task<EmailSettings?> SetAnnouncementEmailsAsync(long userId, bool on, CancellationToken ct) => throw new NotSupportedException();
    }
}
