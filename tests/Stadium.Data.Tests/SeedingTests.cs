using Dapper;
using Stadium.Data.Seeding;
using Stadium.Data.Sqlite;

namespace Stadium.Data.Tests;

public sealed class SeedingTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "stadium-seed-tests", Guid.NewGuid().ToString("n"));

    [Fact]
    public async Task Seed_builds_a_consistent_zipf_population_and_is_idempotent()
    {
        using var database = new SqliteDatabase(Path.Combine(_folder, "stadium.db"));
        SqliteMigrator.Migrate(database);
        var progress = new List<SeedProgress>();
        var result = await DemoSeeder.SeedAsync(database, new SeedOptions(2_000, "shared-hash"), TimeProvider.System, new InlineProgress(progress), CancellationToken.None);

        Assert.False(result.AlreadySeeded);
        Assert.Equal(20_000, result.Posts);
        Assert.Contains(progress, p => p.Phase == "follows" && p.Done == p.Total);
        Assert.Contains(progress, p => p.Phase == "posts" && p.Done == p.Total);

        using var connection = database.Open();
        Assert.Equal(2_000, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM users"));
        Assert.Equal(result.Follows, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM follows"));
        Assert.Equal(result.Follows, connection.ExecuteScalar<long>("SELECT SUM(followers_count) FROM users"));
        Assert.Equal(result.Follows, connection.ExecuteScalar<long>("SELECT SUM(following_count) FROM users"));
        Assert.Equal(result.Posts, connection.ExecuteScalar<long>("SELECT SUM(posts_count) FROM users"));
        Assert.Equal(0, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM follows WHERE follower_id = followee_id"));
        Assert.Equal("user7", connection.ExecuteScalar<string>("SELECT username FROM users WHERE id = 7"));
        Assert.Equal(1, connection.ExecuteScalar<long>("SELECT COUNT(DISTINCT password_hash) FROM users"));
        Assert.Equal(0, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM posts WHERE length(text) < 1 OR length(text) > 4000"));

        // Zipf: rank 1 is followed by far more accounts than the median account.
        var top = connection.ExecuteScalar<long>("SELECT followers_count FROM users WHERE id = 1");
        var median = connection.ExecuteScalar<long>("SELECT followers_count FROM users ORDER BY followers_count LIMIT 1 OFFSET 1000");
        Assert.True(top > 50 * Math.Max(1, median), $"top {top}, median {median}");
        var lengths = connection.Query<long>("SELECT length(text) FROM posts").ToList();
        Assert.True(lengths.Max() > 5 * lengths.Order().ElementAt(lengths.Count / 2), "post lengths should be long-tailed");

        // Both secondary indexes exist again after the bulk load.
        Assert.Equal(2, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN ('ix_posts_author', 'ix_follows_followee')"));

        var again = await DemoSeeder.SeedAsync(database, new SeedOptions(5, "other"), TimeProvider.System, null, CancellationToken.None);
        Assert.True(again.AlreadySeeded);
        Assert.Equal(2_000, again.Users);
        Assert.Equal(2_000, DemoSeeder.SeededUsers(database));
    }

    [Fact]
    public void Zipf_sampler_matches_its_distribution()
    {
        var sampler = new ZipfSampler(1_000, 1.0);
        var random = new Random(1);
        var counts = new int[1_001];
        const int Draws = 200_000;
        for (var i = 0; i < Draws; i++)
        {
            counts[sampler.Sample(random)]++;
        }

        foreach (var rank in new[] { 1, 2, 10 })
        {
            var expected = sampler.Probability(rank) * Draws;
            Assert.InRange(counts[rank], expected * 0.9, expected * 1.1);
        }

        Assert.True(counts[1] > counts[2] && counts[2] > counts[10] && counts[10] > counts[500]);
        Assert.Equal(0, counts[0]);
    }

    [Fact]
    public void Post_text_is_never_empty_never_over_the_limit_and_never_splits_a_surrogate()
    {
        var generator = new PostTextGenerator(new Random(3));
        for (var i = 0; i < 20_000; i++)
        {
            var text = generator.Next();
            Assert.InRange(text.Length, 1, 4000);
            Assert.False(char.IsHighSurrogate(text[^1]));
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private sealed class InlineProgress(List<SeedProgress> sink) : IProgress<SeedProgress>
    {
        public void Report(SeedProgress value) => sink.Add(value);
    }
}
