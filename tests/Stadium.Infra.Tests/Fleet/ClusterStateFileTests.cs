using System.Text.Json;
using Stadium.Infra.Fleet;

namespace Stadium.Infra.Tests.Fleet;

/// <summary>cluster.json: the shape every part of the fleet reads, and whole-file replacement under a reader.</summary>
public sealed class ClusterStateFileTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"stadium-state-{Guid.NewGuid():N}"[..23]);

    public ClusterStateFileTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public async Task A_state_round_trips_in_the_shared_camel_case_shape()
    {
        var path = Path.Combine(_folder, ClusterStateFile.FileName);
        var state = Sample(2);

        await ClusterStateFile.SaveAsync(path, state, CancellationToken.None);
        var loaded = await ClusterStateFile.LoadAsync(path, CancellationToken.None);

        Assert.Equal(state with { Nodes = [] }, loaded! with { Nodes = [] });
        Assert.Equal(state.Nodes, loaded.Nodes);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(path));
        var root = json.RootElement;
        Assert.Equal(4242, root.GetProperty("supervisorPid").GetInt32());
        Assert.Equal("http://127.0.0.1:9000", root.GetProperty("controlUrl").GetString());
        Assert.Equal("http://127.0.0.1:8080", root.GetProperty("gatewayUrl").GetString());
        Assert.True(root.GetProperty("limits").GetProperty("capped").GetBoolean());
        Assert.Equal(536870912, root.GetProperty("limits").GetProperty("memoryBytes").GetInt64());
        var node = root.GetProperty("nodes")[0];
        Assert.Equal(["role", "name", "url", "pid", "state", "startedAt"], node.EnumerateObject().Select(p => p.Name));
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task A_reader_never_sees_a_half_written_file()
    {
        var path = Path.Combine(_folder, ClusterStateFile.FileName);
        await ClusterStateFile.SaveAsync(path, Sample(1), CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var reads = 0;
        var reader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                // Throws on a torn file; the node count is one of those written.
                var state = await ClusterStateFile.LoadAsync(path, CancellationToken.None);
                Assert.InRange(state!.Nodes.Count, 1, 40);
                reads++;
            }
        });

        for (var i = 1; i <= 200; i++)
        {
            await ClusterStateFile.SaveAsync(path, Sample((i % 40) + 1), CancellationToken.None);
        }

        await stop.CancelAsync();
        await reader;
        Assert.True(reads > 0);
    }

    [Fact]
    public async Task No_file_is_no_state_and_a_foreign_file_is_a_clear_error()
    {
        var path = Path.Combine(_folder, ClusterStateFile.FileName);
        Assert.Null(await ClusterStateFile.LoadAsync(path, CancellationToken.None));

        await File.WriteAllTextAsync(path, "not json");
        var error = await Assert.ThrowsAsync<InfraCommandException>(() => ClusterStateFile.LoadAsync(path, CancellationToken.None));
        Assert.Contains("is not a cluster state file", error.Message);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static ClusterState Sample(int nodes) => new(
        4242,
        new DateTimeOffset(2026, 12, 3, 7, 0, 0, TimeSpan.Zero),
        "http://127.0.0.1:9000",
        "http://127.0.0.1:8080",
        new ClusterLimits(0.5, 536870912, true),
        [.. Enumerable.Range(1, nodes).Select(i => new ClusterNode(NodeRoles.Api, $"api-{i}", $"http://127.0.0.1:{20000 + i}", 5000 + i, NodeStates.Active, new DateTimeOffset(2026, 12, 3, 7, 0, i, TimeSpan.Zero)))]);
}
