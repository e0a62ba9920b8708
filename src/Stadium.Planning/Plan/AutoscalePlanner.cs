using Stadium.Protection.Slo;

namespace Stadium.Planning.Plan;

/// <summary>
/// The autoscaler's rules. Replicas: the steady and busy-minute node counts. inFlight per node: the requests in flight
/// in the busy minute (Little's law, per endpoint) shared by the working nodes, so a node holding more is beyond the
/// plan. The concurrency one node serves well (Cloud Run's containerConcurrency): the requests a node completes per
/// second at full CPU times the time each may take by its latency objective, so more in flight means a queue that
/// would break the objectives.
/// </summary>
internal static class AutoscalePlanner
{
    public static AutoscalePlan Plan(IReadOnlyList<EndpointPlan> endpoints, NodePlan nodes, WorkerPlan workers, SloObjectives slo, PlanAssumptions assume)
    {
        var working = Math.Max(1, nodes.BusyMinute.Value - nodes.SpareNodes.Value);
        var inFlight = endpoints.Sum(e => e.InFlight.Value);
        var perNode = Sourced.Derived(Math.Max(1, Math.Ceiling(inFlight / working - 1e-9)),
            $"ceil({Sourced.Format(inFlight)} in flight in the busy minute / {working:0} working nodes)");

        var rate = endpoints.Sum(e => e.BusyMinute.Value);
        var coreSecondsPerRequest = nodes.BusyMinuteCores.Value / rate;
        var nodeRate = nodes.CoresPerNode.Value / coreSecondsPerRequest;
        var objectiveMs = endpoints.Sum(e => e.BusyMinute.Value * ObjectiveMs(slo, e)) / rate;
        var concurrency = Sourced.Derived(Math.Max(perNode.Value * 2, Math.Ceiling(LittlesLaw.InFlight(nodeRate, objectiveMs) - 1e-9)),
            $"{nodeRate:N1} req/s per node at full CPU ({nodes.CoresPerNode.Text()} core(s) / {coreSecondsPerRequest * 1000:0.###} ms of CPU per request)"
            + $" x {objectiveMs:N1} ms (the latency objectives of {slo.Source}, weighted by rate), at least 2 x inFlight");

        return new AutoscalePlan(
            Sourced.Derived(nodes.Steady.Value, "nodes.steady"),
            Sourced.Derived(nodes.BusyMinute.Value, "nodes.busyMinute"),
            assume.Get("targetLatencyPercentOfObjective"),
            Sourced.Given(slo.Tightest.TotalMilliseconds, $"{slo.Source}: the tightest latency objective"),
            Sourced.Default(1, "scaling/autoscale.yaml: 5xx above 1 % of requests (the SLO's 0.1 % would scale on one error)"),
            perNode,
            assume.Get("targetCpuUtilization"),
            assume.Get("targetMemoryUtilization"),
            assume.Get("scaleUpWindowSeconds"),
            assume.Get("scaleDownWindowSeconds"),
            concurrency,
            workers.MinReplicas,
            workers.MaxReplicas,
            workers.QueueDepthPerWorker);
    }

    private static double ObjectiveMs(SloObjectives slo, EndpointPlan endpoint) =>
        slo.Find(endpoint.Method, endpoint.Route)?.Latency.TotalMilliseconds ?? 100;
}
