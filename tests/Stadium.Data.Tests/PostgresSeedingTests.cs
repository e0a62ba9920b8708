using Dapper;
using Stadium.Data.Postgres;
using Stadium.Data.Seeding;

namespace Stadium.Data.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PostgresSeedingTests(PostgresCluster cluster)
{
    [Fact]
    public async Task Seed_loads_the_same_consistent_population_by_copy_and_registrations_continue_after_it()
    {
        var options = await cluster.NewDatabaseAsync();
        await using var database = new PostgresDatabase(options, TimeProvider.System);
        await database.MigrateAsync(default);

        var result = await DemoSeeder.SeedAsync(new PostgresSeedTarget(database.BulkLoad), new SeedOptions(1_000, "shared-hash"), TimeProvider.System, null, default);
        Assert.False(result.AlreadySeeded);

        await using var connection = await database.Primary.OpenConnectionAsync();
        Assert.Equal(1_000, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users"));
        Assert.Equal(result.Posts, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM posts"));
        Assert.Equal(result.Follows, await connection.ExecuteScalarAsync<long>("SELECT SUM(followers_count) FROM users"));
        Assert.Equal(result.Posts, await connection.ExecuteScalarAsync<long>("SELECT SUM(posts_count) FROM users"));
        Assert.Equal(2, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pg_indexes WHERE indexname IN ('ix_posts_author', 'ix_follows_followee')"));

        // The same generator and seed give the same graph on every backend.
        var sqlitePath = Path.Combine(Path.GetTempPath(), "stadium-seed-compare", Guid.NewGuid().ToString("n"), "stadium.db");
        using (var sqlite = new Sqlite.SqliteDatabase(sqlitePath))
        {
            Sqlite.SqliteMigrator.Migrate(sqlite);
            var embedded = await DemoSeeder.SeedAsync(sqlite, new SeedOptions(1_000, "shared-hash"), TimeProvider.System, null, default);
            Assert.Equal((embedded.Follows, embedded.Posts), (result.Follows, result.Posts));
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Path.GetDirectoryName(sqlitePath)!, recursive: true);

        var users = new Stadium.Data.Stores.UserStore(database, PostgresProvider.Dialect);
        var next = await users.CreateUserAsync(new NewUser("after_seed", "a@example.com", "h", DateTimeOffset.UtcNow), default);
        Assert.Equal(1_001, next);
        var again = await DemoSeeder.SeedAsync(new PostgresSeedTarget(database.BulkLoad), new SeedOptions(5, "x"), TimeProvider.System, null, default);
        Assert.True(again.AlreadySeeded);
    }
}
