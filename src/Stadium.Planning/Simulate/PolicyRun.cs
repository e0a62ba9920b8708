using Stadium.Scaling.Drivers;
using Stadium.Scaling.Loop;

namespace Stadium.Planning.Simulate;

/// <summary>
/// One policy through one trace: the fleet starts at the policy's minimum (or the setup's initial nodes), every second
/// the clock moves on, nodes finish starting or draining, the second's arrivals (the trace's rates with Poisson noise
/// from the seed) are served, and every interval the autoscaler's own <see cref="TargetAutoscaler"/> runs a round: it
/// scrapes the simulated gateway and nodes through <see cref="MetricsScraper"/>, its signals and HPA decide, and it
/// scales the fleet. The arrivals come from their own seeded generator, so every policy sees the same traffic.
/// </summary>
internal static class PolicyRun
{
    private static readonly DateTimeOffset Midnight = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    public static async Task<PolicyOutcome> RunAsync(SimulationSetup setup, SimulatedPolicy policy, CancellationToken ct)
    {
        var clock = new SimulatedClock(Midnight);
        var gateway = new GatewayCounters(setup.Endpoints);
        var fleet = new Fleet(setup.Shape, clock);
        var processes = new FleetEndpoints(fleet, gateway, policy.Target.Name);
        using var http = new HttpClient(new SimulatedMetricsHandler(processes.Render));
        var scraper = new MetricsScraper(http, clock, policy.Config.Window);
        var autoscaler = new TargetAutoscaler(policy.Target, new ScaledTarget(processes, processes), scraper, setup.Slo, policy.Config.Tolerance, clock);
        var server = new TickServer(setup.Endpoints, fleet, gateway, new Random(setup.Seed + 1));
        var ledger = new SloLedger(setup.Endpoints, setup.SlotSeconds);
        var arrivalsRandom = new Random(setup.Seed);
        var rates = new double[setup.Endpoints.Count];
        var arrivals = new double[setup.Endpoints.Count];
        var interval = Math.Max(1, (int)Math.Round(policy.Config.Interval.TotalSeconds));
        var events = new List<ScaleEvent>();
        var nodeSeconds = 0.0;
        var maxNodes = 0;
        var failedRounds = 0;

        fleet.StartWarm(setup.InitialNodes ?? policy.Target.MinReplicas);
        await autoscaler.PrimeAsync(ct);
        for (var second = 0; second < setup.Trace.Seconds; second++)
        {
            ct.ThrowIfCancellationRequested();
            clock.Advance(TimeSpan.FromSeconds(1));
            fleet.Advance();
            setup.Trace.Rates(second, rates);
            for (var i = 0; i < rates.Length; i++)
            {
                arrivals[i] = Poisson.Sample(arrivalsRandom, rates[i]);
            }

            var tick = server.Serve(arrivals);
            var running = fleet.Nodes.Count;
            nodeSeconds += running;
            maxNodes = Math.Max(maxNodes, running);
            ledger.Add(second, tick, running);
            if ((second + 1) % interval != 0)
            {
                continue;
            }

            try
            {
                var decision = await autoscaler.RunAsync(ct);
                if (decision.Applied && decision.Desired != decision.Current)
                {
                    events.Add(new ScaleEvent(second + 1, decision.Current, decision.Desired, decision.Signal, decision.Reason));
                }
            }
            catch (Exception e) when (e is InvalidOperationException or HttpRequestException)
            {
                failedRounds++;
            }
        }

        ledger.Finish(setup.Trace.Seconds);
        return new PolicyOutcome(
            policy.Name,
            policy.Source,
            policy.Target.MinReplicas,
            policy.Target.MaxReplicas,
            Math.Round(ledger.ViolatingSlots * setup.SlotSeconds / 60.0, 2),
            ledger.ViolatingSeconds,
            ledger.Arrivals > 0 ? ledger.Shed / ledger.Arrivals * 100 : 0,
            Math.Round(nodeSeconds / 3600, 3),
            Math.Round(nodeSeconds),
            events.Count(e => e.To > e.From),
            events.Count(e => e.To < e.From),
            maxNodes,
            Math.Round(ledger.Arrivals),
            Math.Round(ledger.Shed),
            failedRounds,
            events,
            ledger.Points);
    }
}
