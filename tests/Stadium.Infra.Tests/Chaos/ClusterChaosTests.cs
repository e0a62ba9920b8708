using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Stadium.Infra.Chaos;
using Stadium.Infra.Fleet;
using Stadium.Infra.Tests.Fleet;
using Xunit.Abstractions;

namespace Stadium.Infra.Tests.Chaos;

/// <summary>
/// <c>stadium up --cluster --chaos</c> from the built CLI (one API node, no worker, no replica): its proxies are listed by
/// the real fault proxy's API, a read through the gateway works through them, and <c>stadium chaos fault latency
/// primary</c> slows profile reads that miss the cache (each a fresh user, so the primary answers) until its duration
/// ends, after which the toxic is gone and reads are fast again.
/// </summary>
public sealed class ClusterChaosTests(ITestOutputHelper output)
{
    /// <summary>Well above a loaded machine's profile read (tens of ms) and below the gateway's and the node's timeouts.</summary>
    private const int LatencyMs = 600;

    [Fact]
    public async Task A_chaos_cluster_routes_through_its_proxies_and_a_latency_fault_slows_reads_until_it_ends()
    {
        await using var cluster = ClusterRun.Start(nodes: 1, workers: 0, "--chaos");
        await cluster.WaitForStateAsync(s => s.Nodes.Count(n => n.Role == NodeRoles.Api && n.State == NodeStates.Active) == 1, "an active API node");
        var settings = await InfraSettingsFile.LoadAsync(cluster.Layout.InfraSettings, CancellationToken.None);
        var api = settings.Infra.Chaos?.ProxyApi ?? throw new InvalidOperationException("the cluster's stadium.json has no chaos section");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var proxies = (await http.GetFromJsonAsync<JsonObject>(api + "/proxies"))!;
        Assert.Equal([ChaosRoutes.Primary, ChaosRoutes.Redis], proxies.Select(p => p.Key).Order());

        using var gateway = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{cluster.GatewayPort}"), Timeout = TimeSpan.FromSeconds(30) };
        Assert.True(await Eventually.BecomesTrueAsync(() => AnswersAsync(gateway), TimeSpan.FromSeconds(60)), $"the gateway never served a profile:{Environment.NewLine}{cluster.Output}");
        var before = await ReadProfilesAsync(gateway, [2, 3, 4]);

        var fault = cluster.CliAsync("chaos", "fault", "latency", ChaosRoutes.Primary, $"latency={LatencyMs}", "--for", "15s", "--data", cluster.DataDir);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await ToxicsAsync(http, api) == 0 && DateTime.UtcNow < deadline && !fault.IsCompleted)
        {
            await Task.Delay(50);
        }

        Assert.Equal(1, await ToxicsAsync(http, api));
        var during = await ReadProfilesAsync(gateway, [5, 6], pastDeadlineCounts: true);
        var (code, said, errors) = await fault;
        Assert.True(code == 0, said + errors);
        Assert.Equal(0, await ToxicsAsync(http, api));
        var after = await ReadProfilesAsync(gateway, [7, 8, 9]);

        var times = $"before {string.Join(", ", before)} ms; during {string.Join(", ", during)} ms; after {string.Join(", ", after)} ms";
        output.WriteLine(times);
        Assert.True(during.Min() >= LatencyMs * 0.9, times);
        Assert.True(after.Min() < LatencyMs * 0.6, times);
        Assert.False(File.Exists(Path.Combine(cluster.DataDir, "chaos-faults.json")), "the reverted fault is still recorded");
    }

    /// <summary>
    /// Reads the profiles of the given seeded users (each once, so each misses the cache) and returns how long each took.
    /// A shed read (503) is tried again a few times: the node's adaptive limiter may shed for a moment as latency jumps,
    /// and a shed read never reached the store, so the retry still misses the cache. With <paramref name="pastDeadlineCounts"/>
    /// (during the fault) a read answered 504 counts with its time: it is as slowed as a read can be (a read that needs a
    /// new connection pays the fault's latency on each of its round trips, which a loaded CI machine took past the 2 s
    /// read deadline).
    /// </summary>
    private static async Task<long[]> ReadProfilesAsync(HttpClient gateway, int[] users, bool pastDeadlineCounts = false)
    {
        var times = new List<long>();
        foreach (var user in users)
        {
            for (var attempt = 1; ; attempt++)
            {
                var watch = Stopwatch.StartNew();
                using var response = await gateway.GetAsync($"/v1/users/user{user}");
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < 5)
                {
                    await Task.Delay(500);
                    continue;
                }

                if (pastDeadlineCounts && response.StatusCode == HttpStatusCode.GatewayTimeout)
                {
                    times.Add(watch.ElapsedMilliseconds);
                    break;
                }

                Assert.True(response.StatusCode == HttpStatusCode.OK, $"user{user}: {(int)response.StatusCode} after {watch.ElapsedMilliseconds} ms: {await response.Content.ReadAsStringAsync()}");
                times.Add(watch.ElapsedMilliseconds);
                break;
            }
        }

        return [.. times];
    }

    /// <summary>The gateway listens a moment after cluster.json shows the node active.</summary>
    private static async Task<bool> AnswersAsync(HttpClient gateway)
    {
        try
        {
            using var response = await gateway.GetAsync("/v1/users/user1");
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static async Task<int> ToxicsAsync(HttpClient http, string api) =>
        (await http.GetFromJsonAsync<JsonObject>($"{api}/proxies/{ChaosRoutes.Primary}"))!["toxics"]!.AsArray().Count;
}
