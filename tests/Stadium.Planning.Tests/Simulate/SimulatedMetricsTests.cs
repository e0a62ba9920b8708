using Stadium.Planning.Simulate;
using Stadium.Protection.Slo;
using Stadium.Scaling.Config;
using Stadium.Scaling.Hpa;
using Stadium.Scaling.Loop;
using Stadium.Scaling.Signals;

namespace Stadium.Planning.Tests.Simulate;

/// <summary>The simulated processes' /metrics, read by the autoscaler's real scraper and signals.</summary>
public sealed class SimulatedMetricsTests
{
    private static readonly FleetShape Shape = new(0.5, 512 << 20, 0.6, 150 << 20, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10),
        TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(20));

    [Fact]
    public async Task The_real_scraper_and_signals_read_what_the_simulated_fleet_did()
    {
        var clock = new SimulatedClock(DateTimeOffset.UnixEpoch);
        var slo = SloFileParser.BuiltIn;
        EndpointModel[] endpoints = [new("feed", "GET", "/v1/feed", 0.0005, ServiceShape.Exponential, slo.Find("GET", "/v1/feed"), 1)];
        var fleet = new Fleet(Shape, clock);
        fleet.StartWarm(2);
        var gateway = new GatewayCounters(endpoints);
        var processes = new FleetEndpoints(fleet, gateway, "api");
        using var http = new HttpClient(new SimulatedMetricsHandler(processes.Render));
        var scraper = new MetricsScraper(http, clock, TimeSpan.FromSeconds(10));

        var before = await Scrape(scraper, fleet);
        Assert.Empty(new CpuSignal().Read(Context(fleet, before, slo), Metric("cpu"))!.PerReplica!);

        // Ten seconds: node api-1 busy 4 core-seconds (80 % of 0.5 core), api-2 2 (40 %); 990 answers at 5-10 ms, 10 shed.
        clock.Advance(TimeSpan.FromSeconds(10));
        fleet.Nodes[0].CpuSeconds += 4;
        fleet.Nodes[1].CpuSeconds += 2;
        gateway.Record(0, 990, 10, s => s >= 0.01 ? 1 : s >= 0.005 ? 0.5 : 0, 0.0075, 0.001);
        gateway.InFlight["api-1"] = 7;
        gateway.InFlight["api-2"] = 5;
        var after = await Scrape(scraper, fleet);
        var context = Context(fleet, after, slo);

        var cpu = new CpuSignal().Read(context, Metric("cpu"))!;
        Assert.Equal(80, cpu.PerReplica!["api-1"], 6);
        Assert.Equal(40, cpu.PerReplica["api-2"], 6);
        Assert.Equal(1, new ErrorRateSignal().Read(context, Metric("errorRate"))!.Total!.Value, 6);
        Assert.Equal(12.0, new InFlightSignal().Read(context, Metric("inFlight"))!.Total!.Value, 6);
        var latency = new LatencySignal().Read(context, Metric("latency"))!;
        Assert.InRange(latency.Total!.Value, 100 * 0.005 / 0.05, 100 * 0.01 / 0.05);
        Assert.Contains("/v1/feed", latency.Detail, StringComparison.Ordinal);
        var memory = new MemorySignal().Read(context, Metric("memory"))!;
        Assert.Equal(100 * Shape.WorkingSetBytes / Shape.MemoryBytes, memory.PerReplica!["api-1"], 6);
    }

    [Fact]
    public async Task A_node_that_has_ended_is_not_found()
    {
        var clock = new SimulatedClock(DateTimeOffset.UnixEpoch);
        var fleet = new Fleet(Shape, clock);
        fleet.StartWarm(2);
        fleet.Scale(1);
        clock.Advance(Shape.Drain);
        fleet.Advance();
        var processes = new FleetEndpoints(fleet, new GatewayCounters([]), "api");
        using var http = new HttpClient(new SimulatedMetricsHandler(processes.Render));

        var gone = await http.GetAsync(new Uri("http://api-2.sim/metrics"));
        var running = await http.GetStringAsync(new Uri("http://api-1.sim/metrics"));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Contains("dotnet_process_cpu_time_seconds_total", running, StringComparison.Ordinal);
        Assert.Equal(["api-1"], fleet.State().Members.Select(m => m.Name));
    }

    private static MetricSpec Metric(string name) => new(name, new MetricTarget(MetricTargetType.Value, 1));

    private static async Task<(ScrapePair Gateway, Dictionary<string, ScrapePair> Nodes)> Scrape(MetricsScraper scraper, Fleet fleet)
    {
        var gateway = (await scraper.ScrapeAsync($"http://{FleetEndpoints.GatewayHost}/", CancellationToken.None))!;
        var nodes = new Dictionary<string, ScrapePair>(StringComparer.Ordinal);
        foreach (var node in fleet.Nodes)
        {
            nodes[node.Name] = (await scraper.ScrapeAsync($"http://{node.Name}.sim/", CancellationToken.None))!;
        }

        return (gateway, nodes);
    }

    private static SignalContext Context(Fleet fleet, (ScrapePair Gateway, Dictionary<string, ScrapePair> Nodes) scrapes, SloObjectives slo) =>
        new(fleet.State(), scrapes.Gateway, scrapes.Nodes, [.. scrapes.Nodes.Values], new NodeLimits(Shape.Cores, Shape.MemoryBytes), slo);
}
