using System.Diagnostics;
using Stadium.Data.Sqlite;

namespace Stadium.Data.Seeding;

/// <summary>
/// Bulk-loads the demo population into an empty store: Zipf follower graph, posts with varied lengths,
/// counters precomputed. The rows are the same on every backend; an <see cref="ISeedTarget"/> writes them
/// the fastest way its engine allows. Idempotent: a seeded store is left as it is, and what an interrupted
/// seed left behind is discarded before seeding again.
/// </summary>
internal static class DemoSeeder
{
    internal static Task<SeedResult> SeedAsync(
        SqliteDatabase database, SeedOptions options, TimeProvider time, IProgress<SeedProgress>? progress, CancellationToken ct) =>
        SeedAsync(new SqliteSeedTarget(database), options, time, progress, ct);

    public static Task<SeedResult> SeedAsync(
        ISeedTarget target, SeedOptions options, TimeProvider time, IProgress<SeedProgress>? progress, CancellationToken ct) =>
        Task.Run(() => Seed(target, options, time, progress, ct), ct);

    /// <summary>The population size of an earlier seed, or null when the store was never seeded.</summary>
    internal static int? SeededUsers(SqliteDatabase database) => new SqliteSeedTarget(database).SeededUsers();

    private static SeedResult Seed(ISeedTarget target, SeedOptions options, TimeProvider time, IProgress<SeedProgress>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var _ = target;
        if (target.SeededUsers() is { } seeded)
        {
            return new SeedResult(true, seeded, target.CountPosts(), -1, clock.Elapsed);
        }

        if (target.SeedInterrupted() || target.CountUsers() == 0)
        {
            // A seed that did not finish leaves some of its rows committed, and loading on top of them fails on
            // their keys. Without users (or with a seed's own begun-marker) nothing but that seed can have
            // written them, so they go.
            target.DiscardInterruptedSeed();
        }
        else
        {
            throw new InvalidOperationException("The store already holds users that were not seeded; seed into an empty store.");
        }

        target.BeginBulkLoad();

        var n = options.Users;
        var random = new Random(options.Seed);
        var followers = new int[n + 1];
        var following = new int[n + 1];
        var postCounts = new int[n + 1];
        var now = time.GetUtcNow();

        var follows = InsertFollows(target, options, random, followers, following, now, progress, ct);
        var posts = InsertPosts(target, options, random, postCounts, now, progress, ct);
        InsertUsers(target, options, random, followers, following, postCounts, now, progress, ct);
        progress?.Report(new SeedProgress("indexes", 0, 1));
        target.EndBulkLoad(n);
        progress?.Report(new SeedProgress("indexes", 1, 1));
        return new SeedResult(false, n, posts, follows, clock.Elapsed);
    }

    private static long InsertFollows(
        ISeedTarget target, SeedOptions options, Random random, int[] followers, int[] following,
        DateTimeOffset now, IProgress<SeedProgress>? progress, CancellationToken ct)
    {
        var n = options.Users;
        if (n < 2)
        {
            return 0;
        }

        var popularity = new ZipfSampler(n, options.FollowExponent);
        var cap = Math.Min(n - 1, 2_000);
        var chosen = new HashSet<int>();
        var picks = new List<int>(cap);
        var at = now.AddDays(-60).ToUnixTimeMilliseconds();
        long total = 0;
        using var batch = target.Follows();
        for (var follower = 1; follower <= n; follower++)
        {
            ct.ThrowIfCancellationRequested();

            // Following counts are long-tailed too: most people follow a handful, a few follow thousands.
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            var wanted = Math.Clamp((int)Math.Round(Math.Exp(Math.Log(options.MeanFollowing) - 0.5 + normal)), 1, cap);
            chosen.Clear();
            for (var attempt = 0; chosen.Count < wanted && attempt < wanted * 4; attempt++)
            {
                var followee = popularity.Sample(random);
                if (followee != follower)
                {
                    chosen.Add(followee);
                }
            }

            picks.Clear();
            picks.AddRange(chosen);
            picks.Sort();
            foreach (var followee in picks)
            {
                batch.Add(follower, followee, at);
                followers[followee]++;
            }

            following[follower] = picks.Count;
            total += picks.Count;
            if (follower % 10_000 == 0 || follower == n)
            {
                progress?.Report(new SeedProgress("follows", follower, n));
            }
        }

        batch.Complete();
        return total;
    }

    private static long InsertPosts(
        ISeedTarget target, SeedOptions options, Random random, int[] postCounts,
        DateTimeOffset now, IProgress<SeedProgress>? progress, CancellationToken ct)
    {
        var total = (long)Math.Round(options.Users * options.PostsPerUser);
        var authors = new ZipfSampler(options.Users, options.PostingExponent);
        var texts = new PostTextGenerator(random);
        var start = now.AddDays(-30).ToUnixTimeMilliseconds();
        var step = Math.Max(1.0, TimeSpan.FromDays(30).TotalMilliseconds / Math.Max(1, total));
        using var batch = target.Posts();
        for (long i = 0; i < total; i++)
        {
            if (i % 100_000 == 0)
            {
                ct.ThrowIfCancellationRequested();
                progress?.Report(new SeedProgress("posts", i, total));
            }

            var author = authors.Sample(random);
            postCounts[author]++;
            batch.Add(author, texts.Next(), start + (long)(i * step));
        }

        batch.Complete();
        progress?.Report(new SeedProgress("posts", total, total));
        return total;
    }

    private static void InsertUsers(
        ISeedTarget target, SeedOptions options, Random random, int[] followers, int[] following, int[] postCounts,
        DateTimeOffset now, IProgress<SeedProgress>? progress, CancellationToken ct)
    {
        string[] bios = ["", "Here for the match.", "Season ticket holder since 2009.", "Coffee, football, repeat.", "Opinions are my own."];
        var at = now.AddDays(-90).ToUnixTimeMilliseconds();
        using var batch = target.Users();
        for (var id = 1; id <= options.Users; id++)
        {
            if (id % 50_000 == 0)
            {
                ct.ThrowIfCancellationRequested();
                progress?.Report(new SeedProgress("users", id, options.Users));
            }

            batch.Add(new SeedUser(
                id, $"user{id}", $"user{id}@example.com", options.PasswordHash, $"User {id}", bios[random.Next(bios.Length)],
                followers[id], following[id], postCounts[id], at));
        }

        batch.Complete();
        progress?.Report(new SeedProgress("users", options.Users, options.Users));
    }
}
