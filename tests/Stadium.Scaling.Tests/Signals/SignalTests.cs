using Stadium.Protection.Slo;
using Stadium.Scaling.Config;
using Stadium.Scaling.Hpa;
using Stadium.Scaling.Signals;

namespace Stadium.Scaling.Tests.Signals;

/// <summary>
/// Each signal read from Prometheus text: a node's captured /metrics (see <see cref="Expositions"/>) and a gateway's, two
/// scrapes 30 s apart, with the built-in slo.yaml (GET /v1/feed: p99 50 ms).
/// </summary>
public sealed class SignalTests
{
    private static readonly IReadOnlyList<ReplicaState> Members =
        [new("api-1", true, DateTimeOffset.UnixEpoch), new("api-2", true, DateTimeOffset.UnixEpoch)];

    [Fact]
    public void Cpu_is_the_rate_of_process_cpu_seconds_over_the_window_against_the_quota()
    {
        // 9 more user CPU-seconds in 30 s is 0.3 cores: 60 % of a 0.5-core quota, 15 % of an uncapped 2 cores.
        var node = Pair(Expositions.NodeWith(2.483024 + 9));
        var capped = Read(new CpuSignal(), Context(members: node, limits: new NodeLimits(0.5, 536870912)));
        var uncapped = Read(new CpuSignal(), Context(members: node, limits: new NodeLimits(2, null)));

        Assert.Equal(60, capped.PerReplica!["api-1"], 6);
        Assert.Equal(15, uncapped.PerReplica!["api-2"], 6);
    }

    [Fact]
    public void A_node_scraped_once_has_no_cpu_value_yet()
    {
        var once = new ScrapePair(Expositions.Scrape(Expositions.Node, 0), null);
        var reading = Read(new CpuSignal(), Context(members: once));

        Assert.Empty(reading.PerReplica!);
    }

    [Fact]
    public void Memory_is_the_working_set_against_the_limit_or_the_nodes_budget_and_critical_pressure_is_at_least_100()
    {
        var node = Pair(Expositions.NodeWith(2.483024));
        Assert.Equal(100.0 * 142389248 / 536870912, Read(new MemorySignal(), Context(members: node, limits: new NodeLimits(0.5, 536870912))).PerReplica!["api-1"], 6);
        // Uncapped: against stadium_memory_budget_bytes (1 GiB in the capture).
        Assert.Equal(100.0 * 142389248 / 1073741824, Read(new MemorySignal(), Context(members: node)).PerReplica!["api-1"], 6);

        var critical = Pair(Expositions.NodeWith(2.483024, pressure: 2));
        Assert.Equal(100, Read(new MemorySignal(), Context(members: critical)).PerReplica!["api-1"]);
    }

    [Fact]
    public void In_flight_is_the_gateways_total()
    {
        var gateway = GatewayPair(Expositions.Gateway(100, 0, (90, 95, 100, 100), inFlight1: 7, inFlight2: 5));

        Assert.Equal(12, Read(new InFlightSignal(), Context(gateway: gateway)).Total);
    }

    [Theory]
    // 0.5-core nodes: 40 per core is 20 per node, today's per-node target, so the same 100 in flight propose the same 5.
    [InlineData(0.5, 60, 40, 200, 5)]
    // 128-core nodes: 40 per core is 5,120 per node; 100 in flight are far below one node's share, and 12,000 need 3
    // nodes where a target of 20 per node would ask for 600.
    [InlineData(128, 60, 40, 100.0 / 128, 1)]
    [InlineData(128, 7_000, 5_000, 12_000.0 / 128, 3)]
    public void In_flight_per_core_reads_the_total_in_core_units_so_the_hpa_divides_by_target_times_cores(
        double cores, int inFlight1, int inFlight2, double coreUnits, int desired)
    {
        var gateway = GatewayPair(Expositions.Gateway(100, 0, (90, 95, 100, 100), inFlight1, inFlight2));
        var spec = new MetricSpec("inFlight", new MetricTarget(MetricTargetType.AverageValue, 40), PerCore: true);

        var reading = new InFlightSignal().Read(Context(gateway: gateway, limits: new NodeLimits(cores, null)), spec)!;
        var proposal = ReplicaCalculator.Propose(2, Members, reading, spec.Target, 0.1);

        Assert.Equal(coreUnits, reading.Total!.Value, 9);
        Assert.Equal(desired, proposal.Replicas!.Value);
        Assert.Equal(Math.Ceiling((inFlight1 + inFlight2) / (40 * cores)), proposal.Replicas.Value);
        // The figure the decision keeps: in flight per core of each of the two ready nodes.
        Assert.Equal((inFlight1 + inFlight2) / cores / 2, proposal.Value!.Value, 9);
        Assert.Contains("cores per node (CPU limit)", reading.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void In_flight_as_a_mean_is_the_windows_request_seconds_over_its_length_not_the_last_instant()
    {
        // 30 s apart; the answered requests took 60 s between them (1.5 -> 61.5): 2 in flight on average (Little's law),
        // while the gauge caught a stall with 12 at the last instant.
        var gateway = GatewayPair(Expositions.Gateway(100, 0, (90, 95, 100, 100), inFlight1: 7, inFlight2: 5, durationSum: 61.5));
        var spec = new MetricSpec("inFlight", new MetricTarget(MetricTargetType.AverageValue, 40), PerCore: true, Mean: true);

        var reading = new InFlightSignal().Read(Context(gateway: gateway, limits: new NodeLimits(0.25, null)), spec)!;

        Assert.Equal(8, reading.Total!.Value, 9);
        Assert.Equal(1, ReplicaCalculator.Propose(2, Members, reading, spec.Target, 0.1).Replicas);
        Assert.Contains("2 in flight on average over 30 s / 0.25 cores per node", reading.Detail, StringComparison.Ordinal);
        // The latest sample alone (12 / 0.25 = 48 core-units) would ask for 2.
        var latest = new InFlightSignal().Read(Context(gateway: gateway, limits: new NodeLimits(0.25, null)), spec with { Mean = false })!;
        Assert.Equal(2, ReplicaCalculator.Propose(2, Members, latest, spec.Target, 0.1).Replicas);
        Assert.Equal("inFlight-perCore-mean", spec.Key);
    }

    [Fact]
    public void In_flight_as_a_mean_without_a_window_yet_reads_the_latest_sample()
    {
        var first = new ScrapePair(Expositions.Scrape(Expositions.Gateway(100, 0, (90, 95, 100, 100), inFlight1: 7, inFlight2: 5), 0), null);
        var spec = new MetricSpec("inFlight", new MetricTarget(MetricTargetType.AverageValue, 40), Mean: true);

        Assert.Equal(12, new InFlightSignal().Read(Context(gateway: first), spec)!.Total);
    }

    [Fact]
    public void In_flight_per_core_without_a_known_limit_uses_the_processor_count_and_says_so()
    {
        var gateway = GatewayPair(Expositions.Gateway(100, 0, (90, 95, 100, 100), inFlight1: 7, inFlight2: 5));
        var spec = new MetricSpec("inFlight", new MetricTarget(MetricTargetType.AverageValue, 40), PerCore: true);

        var reading = new InFlightSignal().Read(Context(gateway: gateway, limits: NodeLimits.Uncapped), spec)!;

        Assert.Equal(12.0 / Environment.ProcessorCount, reading.Total!.Value, 9);
        Assert.Contains($"/ {Environment.ProcessorCount} cores per node (no CPU limit known: the machine's processor count)", reading.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Latency_is_the_worst_routes_window_quantile_as_a_share_of_its_objective()
    {
        // 100 requests in the window: 90 under 25 ms, 5 more under 50 ms, 5 more under 100 ms. Rank 99 falls in the last
        // bucket: 50 + 50 x (99 - 95) / 5 = 90 ms, 180 % of the feed's 50 ms objective.
        var gateway = GatewayPair(Expositions.Gateway(100, 0, (90, 95, 100, 100)));
        var reading = Read(new LatencySignal(), Context(gateway: gateway));

        Assert.Equal(180, reading.Total!.Value, 6);
        Assert.Contains("GET /v1/feed p99 90 ms against 50 ms", reading.Detail, StringComparison.Ordinal);

        // At p95 (the metric's own percentile) rank 95 is the top of the 50 ms bucket: 100 %.
        Assert.Equal(100, new LatencySignal().Read(Context(gateway: gateway), Spec("latency") with { Quantile = 0.95 })!.Total!.Value, 6);
    }

    [Fact]
    public void Latency_without_requests_in_the_window_is_zero_and_without_a_window_is_missing()
    {
        var quiet = GatewayPair(Expositions.Gateway(0, 0, (0, 0, 0, 0)));
        Assert.Equal(0, Read(new LatencySignal(), Context(gateway: quiet)).Total);

        var first = new ScrapePair(Expositions.Scrape(Expositions.Gateway(5, 0, (5, 5, 5, 5)), 30), null);
        Assert.Null(new LatencySignal().Read(Context(gateway: first), Spec("latency")));
    }

    [Theory]
    // 9 CPU-seconds in 30 s on a 0.5-core node is 60 %: at busyCpu 50 the nodes are busy and the p99 (180 %) stands.
    [InlineData(9, 50, 180, 4)]
    // 4.5 CPU-seconds is 30 %: the nodes are not what is slow; latency reads the CPU as a share of busyCpu (60 % of the
    // target) and proposes only what keeps two nodes under 50 %: ceil(2 x 0.6) = 2, no scale-out.
    [InlineData(4.5, 50, 60, 2)]
    // 1.5 CPU-seconds is 10 %: one node would be at 20 %, under 50: latency lets the fleet shrink to 1.
    [InlineData(1.5, 50, 20, 1)]
    public void Latency_and_errors_with_busy_cpu_ask_for_more_nodes_only_while_the_nodes_are_busy(double cpuSeconds, double busyCpu, double value, int proposal)
    {
        var gateway = GatewayPair(Expositions.Gateway(90, 10, (90, 95, 100, 100)));
        var context = Context(members: Pair(Expositions.NodeWith(2.483024 + cpuSeconds)), gateway: gateway, limits: new NodeLimits(0.5, null));

        var latency = new LatencySignal().Read(context, Spec("latency") with { BusyCpu = busyCpu })!;
        var errors = new ErrorRateSignal().Read(context, Spec("errorRate") with { BusyCpu = busyCpu, Target = new MetricTarget(MetricTargetType.Value, 1) })!;

        Assert.Equal(value, latency.Total!.Value, 6);
        Assert.Equal(proposal, ReplicaCalculator.Propose(2, Members, latency, new MetricTarget(MetricTargetType.Value, 100), 0.1).Replicas);
        // 10 % errors against a 1 % target: the same rule in the error signal's units (1 % x cpu / busyCpu when idle).
        Assert.Equal(value == 180 ? 10 : value / 100, errors.Total!.Value, 6);
        if (value < 180)
        {
            Assert.Contains($"GET /v1/feed p99 90 ms against 50 ms (180), but the nodes use {value / 2:0} % of their CPU limit, under busyCpu 50 %: not a capacity problem", latency.Detail, StringComparison.Ordinal);
        }

        // Without the option the same readings stand whatever the CPU.
        Assert.Equal(180, new LatencySignal().Read(context, Spec("latency"))!.Total!.Value, 6);
    }

    [Fact]
    public void Busy_cpu_without_a_cpu_window_yet_leaves_the_reading_alone()
    {
        var once = new ScrapePair(Expositions.Scrape(Expositions.Node, 0), null);
        var context = Context(members: once, gateway: GatewayPair(Expositions.Gateway(100, 0, (90, 95, 100, 100))));

        Assert.Equal(180, new LatencySignal().Read(context, Spec("latency") with { BusyCpu = 50 })!.Total!.Value, 6);
    }

    [Fact]
    public void Error_rate_is_the_share_of_5xx_over_the_window()
    {
        var gateway = GatewayPair(Expositions.Gateway(90, 10, (90, 95, 100, 100)));
        var reading = Read(new ErrorRateSignal(), Context(gateway: gateway));

        Assert.Equal(10, reading.Total!.Value, 6);
        Assert.Equal("10 of 100 requests", reading.Detail);
    }

    [Fact]
    public void Queue_depth_and_age_are_the_largest_any_node_reports_of_the_type_asked_or_all()
    {
        var busy = Pair(Expositions.NodeWith(2.483024, exportDepth: 12, exportAge: 45));
        var stale = Pair(Expositions.NodeWith(2.483024, exportDepth: 9, exportAge: 50));
        var context = Context(members: busy) with { AllNodes = [busy, stale] };

        Assert.Equal(12, new QueueDepthSignal().Read(context, Spec("queueDepth"))!.Total);
        Assert.Equal(0, new QueueDepthSignal().Read(context, Spec("queueDepth") with { JobType = "retention.sweep" })!.Total);
        Assert.Equal(50, new QueueAgeSignal().Read(context, Spec("queueAge"))!.Total);
    }

    private static MetricReading Read(ISignal signal, SignalContext context) => signal.Read(context, Spec(signal.Name))!;

    private static MetricSpec Spec(string name) => new(name, new MetricTarget(SignalCatalog.Find(name)!.TargetType, 100));

    private static ScrapePair Pair(string later) => new(Expositions.Scrape(later, 30), Expositions.Scrape(Expositions.Node, 0));

    private static ScrapePair GatewayPair(string later) =>
        new(Expositions.Scrape(later, 30), Expositions.Scrape(Expositions.Gateway(0, 0, (0, 0, 0, 0)), 0));

    private static SignalContext Context(ScrapePair? members = null, ScrapePair? gateway = null, NodeLimits? limits = null)
    {
        var nodes = members is null ? new Dictionary<string, ScrapePair>() : Members.ToDictionary(m => m.Name, _ => members);
        return new SignalContext(new ScaleState(2, Members), gateway, nodes, nodes.Values.ToList(), limits ?? new NodeLimits(2, null), SloFileParser.BuiltIn);
    }
}
