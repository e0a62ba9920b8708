namespace Stadium.Planning.Plan;

/// <summary>
/// Makes a <see cref="CapacityPlan"/> (docs/planning.md, "stadium plan"): traffic from the MAU, capacity from the
/// results files, then endpoints, nodes, workers, pools, Redis, caches and the autoscaling rules, in that order
/// (each step reads only the ones before it).
/// </summary>
public static class CapacityPlanner
{
    public static CapacityPlan Plan(PlanInputs inputs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputs.Mau);
        var assume = inputs.Assume;
        var traffic = new TrafficModel(inputs.Mau, assume, inputs.Journey);
        var capacity = CapacityTable.Build(inputs.Results, assume);
        var endpoints = EndpointPlanner.Plan(traffic.Endpoints, capacity, assume);
        var nodes = NodePlanner.Plan(endpoints, traffic, assume);
        var workers = WorkerPlanner.Plan(endpoints, assume);
        var pools = PoolPlanner.Plan(endpoints, nodes, workers, assume);
        var redis = RedisPlanner.Plan(endpoints, traffic, assume);
        var caches = CachePlanner.Plan(inputs.Slo, assume);
        var autoscaling = AutoscalePlanner.Plan(endpoints, nodes, workers, inputs.Slo, assume);
        var trafficPlan = new TrafficPlan(traffic.ActiveUsers, traffic.BurstUsers, traffic.SteadyArrivals, traffic.BurstLogins, traffic.SteadyInFlight);
        var sources = new PlanSources(
            [.. inputs.Results.Select(r => r.Name)],
            inputs.Slo.Source,
            inputs.Journey.Source,
            PlanAssumptions.Keys.Order(StringComparer.Ordinal).ToDictionary(k => k, assume.Get, StringComparer.Ordinal));
        return new CapacityPlan(inputs.Mau, traffic.ActiveUsers.Value, traffic.BurstUsers.Value, endpoints, nodes, pools, autoscaling, redis,
            caches, workers, trafficPlan, sources, pools.Warnings);
    }
}
