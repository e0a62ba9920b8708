using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Stadium.Service.Platform.Redis;

namespace Stadium.Service.Tests;

/// <summary>
/// The one degradation rule on a real PostgreSQL primary and replica, both frozen (SIGSTOP): once the database's
/// breakers open, cached reads are served stale marked <c>Stadium-Degraded</c> with the dependency's name, and writes
/// are refused at once with a 503 naming it, and are not applied when the servers come back.
/// </summary>
[Collection(PostgresApiCollection.Name)]
public sealed class DependencyDegradationTests(PostgresClusterFixture cluster)
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        // Profiles expire at once, so every read below asks the store.
        ["Stadium:Cache:ProfileDuration"] = "00:00:00.500",
        ["Stadium:Store:Postgres:CommandTimeout"] = "00:00:01",
        ["Stadium:Store:Postgres:ReplicaProbeTimeout"] = "00:00:03",
        // Two failures open a breaker, which then stays open for the whole test.
        ["Stadium:Protection:Dependencies:Replicas:AttemptTimeout"] = "00:00:02",
        ["Stadium:Protection:Dependencies:Replicas:MaxRetries"] = "0",
        ["Stadium:Protection:Dependencies:Replicas:BreakerMinimumThroughput"] = "2",
        ["Stadium:Protection:Dependencies:Replicas:BreakerDuration"] = "00:01:00",
        ["Stadium:Protection:Dependencies:Primary:AttemptTimeout"] = "00:00:02",
        ["Stadium:Protection:Dependencies:Primary:MaxRetries"] = "0",
        ["Stadium:Protection:Dependencies:Primary:BreakerMinimumThroughput"] = "2",
        ["Stadium:Protection:Dependencies:Primary:BreakerDuration"] = "00:01:00",
    };

    [Fact]
    public async Task While_the_store_is_frozen_reads_are_served_stale_marked_degraded_and_writes_fail_fast_naming_the_dependency()
    {
        await using var node = await cluster.StartNodeAsync(Settings);
        var users = new List<TestUser>();
        for (var i = 0; i < 4; i++)
        {
            users.Add(await node.NewUserAsync());
        }

        var anonymous = node.CreateClient();
        foreach (var user in users)
        {
            Assert.False((await anonymous.GetAsync($"/v1/users/{user.Username}")).Headers.Contains(CacheDegradation.Header));
        }

        var writer = users[0];
        await Task.Delay(TimeSpan.FromMilliseconds(600));
        HttpResponseMessage refused;
        var writes = 0;
        string bio;
        using (cluster.Cluster.Freeze("primary"))
        using (cluster.Cluster.Freeze("replica1"))
        {
            // Each expired profile's reload fails (the store does not answer): the stale copy is served, and after two
            // failures the reads' breaker is open, which the answers then say. The reloads may finish in the background
            // after a stale answer has gone, so the reads go round the users until the breaker has seen its failures.
            var degraded = new List<string>();
            var reading = Stopwatch.StartNew();
            for (var i = 0; !degraded.Exists(d => d.Contains("replicas", StringComparison.Ordinal)) && reading.Elapsed < TimeSpan.FromSeconds(20); i++)
            {
                var user = users[i % users.Count];
                var profile = await anonymous.GetAsync($"/v1/users/{user.Username}");
                Assert.Equal(user.Username, (await ApiAssert.Json(profile)).GetProperty("username").GetString());
                if (profile.Headers.TryGetValues(CacheDegradation.Header, out var values))
                {
                    degraded.Add(string.Join(",", values));
                }
                else
                {
                    await Task.Delay(100);
                }
            }

            Assert.Contains(degraded, d => d.Contains("replicas", StringComparison.Ordinal));

            // Writes: the first ones wait for the frozen primary and fail (their outcome unknown); once the primary's
            // breaker is open, a write is refused at once without reaching it.
            var clock = Stopwatch.StartNew();
            do
            {
                bio = $"write {++writes}";
                refused = await writer.Client.PatchAsJsonAsync("/v1/me", new { bio });
                Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            }
            while (!(await refused.Content.ReadAsStringAsync()).Contains("breaker is open", StringComparison.Ordinal) && clock.Elapsed < TimeSpan.FromSeconds(30));
        }

        var problem = await ApiAssert.Problem(refused, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Dependency unavailable: primary", problem.GetProperty("title").GetString());
        Assert.Contains("nothing was written", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Contains("primary", string.Join(",", refused.Headers.GetValues(CacheDegradation.Header)), StringComparison.Ordinal);

        // Thawed: the refused write never reached the primary, so it is not applied afterwards either (the ones that
        // timed out may have been: the primary had them when it froze).
        var database = new NpgsqlConnectionStringBuilder(node.App.Services.GetRequiredPostgresPrimary()).Database!;
        await using var admin = new NpgsqlConnection(cluster.Cluster.AdminConnectionString("primary", database));
        await admin.OpenAsync();
        await Task.Delay(TimeSpan.FromSeconds(1));
        await using var applied = new NpgsqlCommand("SELECT count(*) FROM users WHERE bio = $1", admin) { Parameters = { new() { Value = bio } } };
        Assert.Equal(0L, await applied.ExecuteScalarAsync());
    }
}
