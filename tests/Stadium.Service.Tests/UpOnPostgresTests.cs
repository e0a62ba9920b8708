using System.Text.Json;
using Stadium.Testing;

namespace Stadium.Service.Tests;

/// <summary>
/// The real-engines recipe, `stadium up --config stadium.json`, on PostgreSQL (primary + replica) and Redis: the
/// banner names the servers, and exports complete without a separate `stadium work`.
/// </summary>
[Collection(PostgresApiCollection.Name)]
public sealed class UpOnPostgresTests(PostgresClusterFixture cluster) : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "stadium-up-tests", Guid.NewGuid().ToString("n"));

    [Fact]
    public async Task Up_on_postgres_runs_its_job_workers_and_names_the_servers()
    {
        var database = await cluster.Cluster.NewDatabaseAsync(CancellationToken.None);
        // A Redis of its own: timeline keys are per user id, and other tests' databases have the same ids.
        var redis = new LocalRedis();
        await redis.InitializeAsync();
        Directory.CreateDirectory(_folder);
        var config = Path.Combine(_folder, "stadium.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new
        {
            Stadium = new
            {
                Store = new { Provider = "Postgres", Postgres = new { database.Primary, database.Replicas } },
                Redis = new { redis.Configuration },
            },
        }));

        try
        {
            await UpAndExportAsync(database, config, redis.Configuration);
        }
        finally
        {
            await redis.DisposeAsync();
        }
    }

    private async Task UpAndExportAsync(TestDatabase database, string config, string redis)
    {
        using var up = UpCommandTests.UpProcess.Start(Path.Combine(_folder, "data"), users: 20, extra: ["--config", config]);
        var api = await up.WaitForBannerAsync();

        var primary = new Npgsql.NpgsqlConnectionStringBuilder(database.Primary);
        Assert.Contains($"Store        PostgreSQL {primary.Host}:{primary.Port}/{database.Name} (primary) + 1 replica", up.Output);
        Assert.Contains($"Cache        in-process + Redis {redis}", up.Output);
        Assert.Contains("Job workers  run in this process", up.Output);
        Assert.DoesNotContain(primary.Password!, up.Output, StringComparison.Ordinal);
        using var client = new HttpClient { BaseAddress = api };
        await UpCommandTests.AssertEveryUrlAnswersAsync(client, up.Output);
        await UpCommandTests.AssertAnExportCompletesAsync(client);
        Assert.Equal(0, await up.StopAsync());
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
