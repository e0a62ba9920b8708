using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Stadium.Testing;

namespace Stadium.Chaos.Tests.Proxy;

/// <summary>
/// The compatibility proof: an existing Toxiproxy client, <c>toxiproxy-node-client</c> from npm (pinned in
/// tools/toxiproxy-client; test.sh installs it), drives the proxy through tools/toxiproxy-client/drive.mjs, and each of
/// its steps is checked on the proxy and on real connections through it.
/// </summary>
public sealed class ToxiproxyNodeClientTests : ProxyTest
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Toxiproxy_node_client_creates_lists_updates_removes_and_resets_through_the_proxy()
    {
        var tools = Repository.Combine("tools", "toxiproxy-client");
        Assert.True(Directory.Exists(Path.Combine(tools, "node_modules", "toxiproxy-node-client")), $"toxiproxy-node-client is not installed: run `npm ci --prefix tools/toxiproxy-client` (test.sh does) in {Repository.Root}");
        using var node = Start(Path.Combine(tools, "drive.mjs"), Proxies.Api.ToString().TrimEnd('/'), Echo.Address);
        try
        {
            var latency = await NextAsync(node, "latency");
            Assert.StartsWith("{\"version\":", latency["version"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal(["node-client"], latency["listed"]!.AsArray().Select(n => n!.GetValue<string>()));
            Assert.Equal("slow", latency["toxic"]!["name"]!.GetValue<string>());
            Assert.Equal(400, latency["fetched"]!["attributes"]!["latency"]!.GetValue<int>());
            var listen = latency["listen"]!.GetValue<string>();
            var toxic = Assert.Single((await Proxies.Client.GetProxyAsync("node-client")).Toxics);
            Assert.Equal(("slow", "latency", "downstream"), (toxic.Name, toxic.Type, toxic.Stream));
            using (var peer = await TestPeer.ConnectAsync(listen))
            {
                Assert.True((await peer.RoundTripAsync()).TotalMilliseconds >= 399);
            }

            await ContinueAsync(node);
            var updated = await NextAsync(node, "updated");
            Assert.Equal(600, updated["toxic"]!["attributes"]!["latency"]!.GetValue<int>());
            Assert.Equal(600, Assert.Single((await Proxies.Client.GetProxyAsync("node-client")).Toxics).Attributes["latency"]!.GetValue<int>());

            await ContinueAsync(node);
            await NextAsync(node, "removed");
            Assert.Empty((await Proxies.Client.GetProxyAsync("node-client")).Toxics);
            using (var peer = await TestPeer.ConnectAsync(listen))
            {
                Assert.True((await peer.RoundTripAsync()).TotalMilliseconds < 399);
            }

            await ContinueAsync(node);
            var disabled = await NextAsync(node, "disabled");
            Assert.False(disabled["enabled"]!.GetValue<bool>());
            await Assert.ThrowsAsync<System.Net.Sockets.SocketException>(() => TestPeer.ConnectAsync(listen));

            await ContinueAsync(node);
            await NextAsync(node, "reset");
            var reset = await Proxies.Client.GetProxyAsync("node-client");
            Assert.True(reset.Enabled);
            Assert.Empty(reset.Toxics);
            using (var peer = await TestPeer.ConnectAsync(listen))
            {
                await peer.RoundTripAsync();
            }

            await ContinueAsync(node);
            var populated = await NextAsync(node, "populated");
            Assert.Equal(["node-populated"], populated["names"]!.AsArray().Select(n => n!.GetValue<string>()));
            using (var peer = await TestPeer.ConnectAsync(populated["listen"]!.GetValue<string>()))
            {
                await peer.RoundTripAsync();
            }

            await ContinueAsync(node);
            var deleted = await NextAsync(node, "deleted");
            Assert.Contains("404", deleted["missing"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Empty(await Proxies.Client.GetProxiesAsync());
            node.StandardInput.Close();
            using var exit = new CancellationTokenSource(StepTimeout);
            await node.WaitForExitAsync(exit.Token);
            Assert.Equal(0, node.ExitCode);
        }
        finally
        {
            if (!node.HasExited)
            {
                node.Kill(entireProcessTree: true);
            }
        }
    }

    private static Process Start(string script, params string[] arguments)
    {
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info)!;
    }

    private static async Task<JsonNode> NextAsync(Process node, string step)
    {
        using var timeout = new CancellationTokenSource(StepTimeout);
        var line = await node.StandardOutput.ReadLineAsync(timeout.Token);
        if (line is null)
        {
            await node.WaitForExitAsync(timeout.Token);
            Assert.Fail($"drive.mjs ended before step {step} (exit {node.ExitCode}): {await node.StandardError.ReadToEndAsync(timeout.Token)}");
        }

        var facts = JsonNode.Parse(line)!;
        Assert.Equal(step, facts["step"]!.GetValue<string>());
        return facts;
    }

    private static async Task ContinueAsync(Process node) => await node.StandardInput.WriteLineAsync();
}
