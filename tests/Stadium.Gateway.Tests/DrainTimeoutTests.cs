using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Stadium.Gateway.Destinations;
using Stadium.Gateway.Options;

namespace Stadium.Gateway.Tests;

/// <summary>A node draining for longer than Drain:Timeout is forgotten whatever the cluster file says (on a fake clock).</summary>
public sealed class DrainTimeoutTests
{
    [Fact]
    public async Task A_node_draining_past_the_timeout_is_dropped_and_a_returning_node_starts_a_new_drain()
    {
        await using var a = await TestBackend.StartAsync("api-1");
        await using var b = await TestBackend.StartAsync("api-2");
        using var file = new ClusterFileWriter();
        var options = Microsoft.Extensions.Options.Options.Create(new GatewayOptions { ClusterFile = file.FilePath, Drain = new GatewayDrainOptions { Timeout = TimeSpan.FromSeconds(30) } });
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        file.Write((a, "active"), (b, "active"));
        var provider = new GatewayConfigProvider(options);
        var follower = new ClusterFileFollower(provider, options, time, NullLogger<ClusterFileFollower>.Instance);

        file.Write((a, "draining"), (b, "active"));
        follower.Reload(file.FilePath);
        Assert.Contains(provider.Nodes, n => n is { Name: "api-1", Draining: true });

        time.Advance(TimeSpan.FromSeconds(29));
        follower.Reload(file.FilePath);
        Assert.Equal(2, provider.Nodes.Count);

        time.Advance(TimeSpan.FromSeconds(1));
        follower.Reload(file.FilePath);
        Assert.Equal(["api-2"], provider.Nodes.Select(n => n.Name));

        // Back to active, then draining again: a new drain, with its own full timeout.
        file.Write((a, "active"), (b, "active"));
        follower.Reload(file.FilePath);
        file.Write((a, "draining"), (b, "active"));
        follower.Reload(file.FilePath);
        Assert.Contains(provider.Nodes, n => n is { Name: "api-1", Draining: true });
    }
}
