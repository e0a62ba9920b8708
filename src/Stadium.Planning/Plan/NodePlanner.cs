namespace Stadium.Planning.Plan;

/// <summary>
/// Nodes with headroom: the cores the traffic keeps busy, divided by what a node may use at the CPU target (its cores x
/// targetCpuUtilization: the rest absorbs a burst before the shedder refuses work), rounded up, plus spare nodes so
/// that losing or draining one loses no capacity; never fewer than minNodes. The steady quarter hour gives the
/// autoscaler's minimum (a login burst arrives within a minute, faster than nodes start), the busy minute its maximum.
/// </summary>
internal static class NodePlanner
{
    public static NodePlan Plan(IReadOnlyList<EndpointPlan> endpoints, TrafficModel traffic, PlanAssumptions assume)
    {
        var steadyCores = Sourced.Derived(endpoints.Sum(e => e.Steady.Value / e.CapacityPerCore.Value), "sum over endpoints of steady rate / capacity per core");
        var busyCores = Sourced.Derived(endpoints.Sum(e => e.Cores.Value), "sum over endpoints of busy-minute rate / capacity per core");
        var perNode = assume.Get("nodeCores");
        var cpu = assume.Get("targetCpuUtilization");
        var spare = assume.Get("spareNodes");
        var floor = assume.Get("minNodes");
        Sourced Nodes(Sourced cores)
        {
            var working = Math.Ceiling(cores.Value / (perNode.Value * cpu.Value / 100) - 1e-9);
            var nodes = Math.Max(floor.Value, working + spare.Value);
            return Sourced.Derived(nodes, $"max(minNodes {floor.Text()}, ceil({cores.Text(2)} cores / ({perNode.Text(2)} core(s) x {cpu.Text()} %)) + {spare.Text()} spare)");
        }

        var steady = Nodes(steadyCores);
        var busy = Nodes(busyCores);
        var memory = NodeMemory(endpoints, traffic, assume, steady);
        var gatewayRate = assume.Get("gatewayRequestsPerSecond");
        var total = endpoints.Sum(e => e.BusyMinute.Value);
        var gateways = Sourced.Derived(Math.Ceiling(total / gatewayRate.Value) + 1,
            $"ceil({Sourced.Format(total)} req/s / {gatewayRate.Text()} per gateway ({gatewayRate.Kind})) + 1 spare");
        return new NodePlan(steadyCores, busyCores, perNode, cpu, spare, steady, busy, memory,
            Quantities.Cpu(perNode.Value), Quantities.Mebibytes(memory.Value), gateways);
    }

    /// <summary>
    /// A node's container: the caches' budget (cacheBudgetShare of it) must hold the node's share of the active
    /// sessions' tokens (fewest working nodes: the largest share) and the posts read within the post cache's lifetime
    /// (every node reads every recent post); the rest holds the runtime baseline and the GC's headroom. Rounded up to
    /// 256 MiB.
    /// </summary>
    private static Sourced NodeMemory(IReadOnlyList<EndpointPlan> endpoints, TrafficModel traffic, PlanAssumptions assume, Sourced minNodes)
    {
        var working = Math.Max(1, minNodes.Value - assume["spareNodes"]);
        var tokensMb = traffic.ActiveUsers.Value * assume["tokenBytes"] / working / Quantities.Mb;
        var posts = endpoints.Single(e => e.Name == "createPost").Steady.Value * assume["postCacheSeconds"];
        var postsMb = posts * assume["postBytes"] / Quantities.Mb;
        var share = assume["cacheBudgetShare"];
        var baseline = assume["nodeBaselineMb"];
        var needed = Math.Max(baseline / (1 - share), (tokensMb + postsMb) / share);
        var rounded = Math.Ceiling(needed / 256 - 1e-9) * 256;
        return Sourced.Derived(rounded,
            $"max(nodeBaselineMb {baseline:0} / (1 - {share:0.##}), (tokens {tokensMb:N0} MB + posts {postsMb:N0} MB) / {share:0.##}) = {needed:N0} MB,"
            + $" rounded up to a multiple of 256 MiB; tokens: {traffic.ActiveUsers.Value:N0} sessions x {assume["tokenBytes"]:N0} B / {working:0} nodes,"
            + $" posts: {posts:N0} written in {assume["postCacheSeconds"]:0} s x {assume["postBytes"]:N0} B");
    }
}
