using Microsoft.Extensions.Time.Testing;
using Stadium.Chaos.Faults;
using Stadium.Chaos.Proxy;
using Stadium.Chaos.Tests.Proxy;
using Stadium.Infra;
using Stadium.Infra.Chaos;
using Stadium.Testing;

namespace Stadium.Chaos.Tests.Faults;

/// <summary>
/// Network faults as the proxy API receives them: a toxic whose ttl is the fault's duration (so the proxy reverts it
/// even if the run dies), removed at the end; <c>down</c> disables the proxy until cancelled. The proxy is the real one
/// (<c>stadium chaos proxy</c>'s host) in this process.
/// </summary>
public sealed class NetworkFaultTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"stadium-chaos-{Guid.NewGuid():N}"[..22]);
    private ProxyUnderTest _proxy = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _proxy = await ProxyUnderTest.StartAsync();
        await _proxy.ProxyAsync("primary", "127.0.0.1:9");
        var settings = new InfraSettings(
            new StadiumSection(new StoreSection("Postgres", new PostgresSection("", [])), new RedisSection("")),
            new InfraSection(
                _dir,
                "postgres",
                "unused",
                [new ServerRecord("primary", ServerRoles.Primary, ServerRoles.PostgresKind, 9, Path.Combine(_dir, "primary"), 0)],
                new ChaosSection(_proxy.Api.ToString().TrimEnd('/'))));
        await InfraSettingsFile.SaveAsync(InfraSettingsFile.PathIn(_dir), settings, CancellationToken.None);
    }

    [Fact]
    public async Task Latency_is_a_toxic_with_the_durations_ttl_and_is_removed_when_the_duration_ends()
    {
        var time = new FakeTimeProvider();
        var spec = new FaultSpec("latency", "primary", TimeSpan.FromSeconds(30), new Dictionary<string, string> { ["latency"] = "300", ["stream"] = "upstream" });
        var run = new FaultRunner(_dir, TextWriter.Null, time, "/nonexistent").RunAsync(spec, CancellationToken.None);

        var toxic = await ToxicAsync($"chaos-{spec.Id}");
        Assert.Equal(("latency", "upstream", 1.0, 30.0), (toxic.Type, toxic.Stream, toxic.Toxicity, toxic.Ttl));
        Assert.Equal(300.0, (double?)toxic.Attributes["latency"]);
        Assert.Equal(0.0, (double?)toxic.Attributes["jitter"]);

        await time.FinishAsync(run, TimeSpan.FromSeconds(30));
        Assert.Empty((await _proxy.Client.GetProxyAsync("primary")).Toxics);
    }

    [Fact]
    public async Task Down_disables_the_proxy_and_a_cancelled_run_enables_it_again()
    {
        using var stop = new CancellationTokenSource();
        var run = new FaultRunner(_dir, TextWriter.Null, new FakeTimeProvider(), "/nonexistent")
            .RunAsync(new FaultSpec("down", "primary", TimeSpan.FromMinutes(5), new Dictionary<string, string>()), stop.Token);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((await _proxy.Client.GetProxyAsync("primary")).Enabled && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.False((await _proxy.Client.GetProxyAsync("primary")).Enabled);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.True((await _proxy.Client.GetProxyAsync("primary")).Enabled);
    }

    [Fact]
    public async Task An_unknown_kind_names_the_known_ones()
    {
        var error = await Assert.ThrowsAsync<FaultException>(
            () => new FaultRunner(_dir, TextWriter.Null).RunAsync(new FaultSpec("latncy", "primary", TimeSpan.FromSeconds(1), new Dictionary<string, string>()), CancellationToken.None));
        Assert.Contains("latency", error.Message);
        Assert.Contains("replica-lag", error.Message);
    }

    [Theory]
    [InlineData("latency", "replica-1", "", "no proxy named 'replica-1'", "there are: primary")]
    [InlineData("down", "api-1", "", "no proxy named 'api-1'", "there are: primary")]
    [InlineData("latency", "primary", "latencyy=500", "latency takes no attribute 'latencyy'", "it takes: latency, jitter, stream, toxicity")]
    [InlineData("down", "primary", "foo=bar", "down takes no attributes, so not 'foo'", "")]
    [InlineData("latency", "primary", "latency=-5", "attribute latency must be a whole number from 0", "-5")]
    [InlineData("loss", "primary", "probability=3", "attribute probability must be a number from 0 to 1", "3")]
    [InlineData("loss", "primary", "mode=sideways", "attribute mode must be one of stall, drop", "sideways")]
    [InlineData("latency", "primary", "stream=sideways", "attribute stream must be one of downstream, upstream", "sideways")]
    [InlineData("latency", "primary", "toxicity=2", "attribute toxicity must be a number from 0 to 1", "2")]
    public async Task A_fault_the_proxy_would_refuse_is_refused_before_anything_is_sent(string kind, string target, string attribute, string expected, string alsoExpected)
    {
        var attributes = attribute.Length == 0 ? [] : new Dictionary<string, string> { [attribute.Split('=')[0]] = attribute.Split('=')[1] };
        var report = new StringWriter();

        var error = await Assert.ThrowsAsync<FaultException>(
            () => new FaultRunner(_dir, report, new FakeTimeProvider(), "/nonexistent").RunAsync(new FaultSpec(kind, target, TimeSpan.FromSeconds(5), attributes), CancellationToken.None));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(alsoExpected, error.Message, StringComparison.Ordinal);
        Assert.Equal("", report.ToString()); // neither "start" nor "undone": nothing was done
        var proxy = await _proxy.Client.GetProxyAsync("primary");
        Assert.True(proxy.Enabled);
        Assert.Empty(proxy.Toxics);
    }

    [Fact]
    public async Task A_fault_of_no_duration_is_refused()
    {
        var error = await Assert.ThrowsAsync<FaultException>(
            () => new FaultRunner(_dir, TextWriter.Null, new FakeTimeProvider(), "/nonexistent").RunAsync(new FaultSpec("latency", "primary", TimeSpan.Zero, new Dictionary<string, string>()), CancellationToken.None));
        Assert.Contains("a fault lasts more than 0 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_start_the_proxy_refuses_reports_its_reason_and_no_undone()
    {
        // The proxy gone between the check and the start (the check reads the folder, not the proxy).
        await _proxy.Client.DeleteProxyAsync("primary");
        var report = new StringWriter();

        var error = await Assert.ThrowsAnyAsync<Exception>(
            () => new FaultRunner(_dir, report, new FakeTimeProvider(), "/nonexistent").RunAsync(new FaultSpec("latency", "primary", TimeSpan.FromSeconds(5), new Dictionary<string, string>()), CancellationToken.None));

        Assert.Contains("primary", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("undone", report.ToString(), StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<ToxicInfo> ToxicAsync(string name)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if ((await _proxy.Client.GetProxyAsync("primary")).Toxics.FirstOrDefault(t => t.Name == name) is { } toxic)
            {
                return toxic;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"no toxic {name} on primary");
    }
}
