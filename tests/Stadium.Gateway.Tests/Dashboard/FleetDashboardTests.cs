using System.Diagnostics;
using System.Text.Json;

namespace Stadium.Gateway.Tests.Dashboard;

/// <summary>
/// The dashboard's data end to end: a real API node (in-process Kestrel, SQLite) listed in a cluster.json, the
/// dashboard in its own host following that file, real traffic to the node, and a decision appended to decisions.jsonl.
/// What the snapshot API and the event stream carry is what the page draws.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class FleetDashboardTests : DashboardTest
{
    [Fact]
    public async Task Snapshots_carry_the_nodes_rates_latencies_cache_breakers_and_the_autoscalers_decisions()
    {
        Host.SendTraffic(Node.Address);
        await Host.DecideAsync(1, 2, "p99");
        using var client = new HttpClient { BaseAddress = Host.Url, Timeout = TimeSpan.FromSeconds(10) };

        var seconds = await WaitForSnapshotsAsync(client, minimum: 3, traffic: true);
        var last = seconds[^1];

        var endpoints = last.GetProperty("endpoints").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!);
        var profile = endpoints["GET /v1/users/{username}"];
        Assert.True(profile.GetProperty("requestsPerSecond").GetDouble() > 0, last.ToString());
        Assert.True(profile.GetProperty("p99Ms").GetDouble() > 0, last.ToString());
        Assert.True(profile.GetProperty("p50Ms").GetDouble() <= profile.GetProperty("p99Ms").GetDouble(), last.ToString());
        Assert.InRange(last.GetProperty("cacheHitRatio").GetDouble(), 0, 1);
        Assert.Equal(0, last.GetProperty("errorsPerSecond").GetDouble());

        var node = Assert.Single(last.GetProperty("nodes").EnumerateArray());
        Assert.Equal("api-1", node.GetProperty("name").GetString());
        Assert.True(node.GetProperty("ready").GetBoolean());
        Assert.True(node.GetProperty("answering").GetBoolean());
        Assert.Equal(0.5, node.GetProperty("cpuLimit").GetDouble());
        Assert.True(node.GetProperty("cpuCores").GetDouble() >= 0);
        Assert.True(node.GetProperty("memoryBytes").GetDouble() > 0);

        var breakers = last.GetProperty("breakers").EnumerateArray().ToDictionary(b => b.GetProperty("dependency").GetString()!, b => b.GetProperty("state").GetString());
        Assert.Equal("closed", breakers["primary"]);
        Assert.Equal(0, last.GetProperty("jobsDepth").GetDouble());

        var decision = Assert.Single(seconds.SelectMany(s => s.GetProperty("decisions").EnumerateArray()));
        Assert.Equal("p99", decision.GetProperty("signal").GetString());
        Assert.Equal(2, decision.GetProperty("desired").GetInt32());
    }

    [Fact]
    public async Task The_event_stream_sends_the_kept_history_then_each_new_snapshot_with_its_seq_as_id()
    {
        using var client = new HttpClient { BaseAddress = Host.Url, Timeout = TimeSpan.FromSeconds(30) };
        await WaitForSnapshotsAsync(client, minimum: 2, traffic: false);

        using var answer = await client.GetAsync("dashboard/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", answer.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await answer.Content.ReadAsStreamAsync());
        var ids = new List<long>();
        while (ids.Count < 4 && await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                ids.Add(long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        // The first two came from the history at once; the later ones arrived live, one per interval, in order.
        Assert.Equal(Enumerable.Range((int)ids[0], 4).Select(i => (long)i), ids);
    }

    /// <summary>Polls the snapshot API (real time) until at least <paramref name="minimum"/> snapshots exist (the last showing traffic, if asked).</summary>
    internal static async Task<List<JsonElement>> WaitForSnapshotsAsync(HttpClient client, int minimum, bool traffic)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            using var snapshot = JsonDocument.Parse(await client.GetStringAsync("dashboard/snapshot"));
            var seconds = snapshot.RootElement.GetProperty("seconds").EnumerateArray().Select(s => s.Clone()).ToList();
            if (seconds.Count >= minimum && (!traffic || seconds[^1].GetProperty("requestsPerSecond").GetDouble() > 0))
            {
                return seconds;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The dashboard never showed {minimum} snapshots{(traffic ? " with traffic" : "")}.");
    }
}
