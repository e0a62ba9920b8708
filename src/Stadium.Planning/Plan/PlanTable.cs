namespace Stadium.Planning.Plan;

/// <summary>
/// The plan as the console shows it: one line per number (what, value, source) with the formula or file beside it,
/// in sections, and the endpoints as a table. docs/planning.md explains how to read it.
/// </summary>
public static class PlanTable
{
    public static void Write(CapacityPlan plan, TextWriter output)
    {
        output.WriteLine($"Capacity plan for {plan.Mau:N0} MAU (every number: value, source, how; docs/planning.md)");
        Section(output, "Traffic");
        Line(output, "active in 15 minutes", plan.Traffic.ActiveIn15Minutes, "users");
        Line(output, "burst users per minute", plan.Traffic.BurstUsersPerMinute, "users");
        Line(output, "steady arrivals", plan.Traffic.SteadyArrivalsPerSecond, "/s");
        Line(output, "burst logins", plan.Traffic.BurstLoginsPerSecond, "/s");
        Line(output, "steady in flight", plan.Traffic.SteadyInFlight, string.Empty);

        Section(output, "Endpoints in the busy minute (req/s; per core: measured (m), derived (d), default (D), given (g))");
        output.WriteLine($"  {"endpoint",-10} {"route",-36} {"steady",9} {"burst",8} {"busy",9} {"per core",11} {"W ms",8} {"in flight",9} {"cores",7}");
        foreach (var e in plan.Endpoints)
        {
            output.WriteLine($"  {e.Name,-10} {e.Method + " " + e.Route,-36} {e.Steady.Text(),9} {e.Burst.Text(),8} {e.BusyMinute.Text(),9}"
                + $" {e.CapacityPerCore.Text() + " " + Mark(e.CapacityPerCore),11} {e.LatencyMs.Text(),8} {e.InFlight.Text(),9} {e.Cores.Text(2),7}");
        }

        foreach (var e in plan.Endpoints.Where(e => e.CapacityPerCore.Kind != Sourced.DerivedKind))
        {
            output.WriteLine($"    {e.Name} per core: {e.CapacityPerCore.Kind}, {e.CapacityPerCore.How}");
        }

        Section(output, "Nodes");
        Line(output, "cores, steady quarter hour", plan.Nodes.SteadyCores, string.Empty);
        Line(output, "cores, busy minute", plan.Nodes.BusyMinuteCores, string.Empty);
        Line(output, "API nodes, steady (min)", plan.Nodes.Steady, $"x {plan.Nodes.Cpu}");
        Line(output, "API nodes, busy minute (max)", plan.Nodes.BusyMinute, $"x {plan.Nodes.Cpu}");
        Line(output, "node memory", plan.Nodes.MemoryMb, $"MiB ({plan.Nodes.Memory})");
        Line(output, "gateway replicas", plan.Nodes.GatewayReplicas, string.Empty);

        Section(output, "Database pools");
        Line(output, "primary: in flight", plan.DatabasePool.PrimaryInFlight, "connections");
        Line(output, "primary: pool per node", plan.DatabasePool.PrimaryPerNode, string.Empty);
        Line(output, "primary: total at max", plan.DatabasePool.PrimaryTotal, $"of {plan.DatabasePool.PrimaryMaxConnections.Text()}" + (plan.DatabasePool.PrimaryExceeded ? "  EXCEEDED" : string.Empty));
        Line(output, "primary: max_connections", plan.DatabasePool.RecommendedPrimaryMaxConnections, string.Empty);
        Line(output, "replica: in flight", plan.DatabasePool.ReplicaInFlight, "connections");
        Line(output, "replica: pool per node", plan.DatabasePool.ReplicaPerNode, string.Empty);
        Line(output, "replica: total at max", plan.DatabasePool.ReplicaTotal, $"of {plan.DatabasePool.ReplicaMaxConnections.Text()}" + (plan.DatabasePool.ReplicaExceeded ? "  EXCEEDED" : string.Empty));

        Section(output, "Redis");
        Line(output, "timelines", plan.Redis.TimelinesMb, "MB");
        Line(output, "posts", plan.Redis.PostsMb, "MB");
        Line(output, "profiles", plan.Redis.ProfilesMb, "MB");
        Line(output, "maxmemory", plan.Redis.MaxMemoryMb, $"MB ({plan.Redis.MaxMemory})");

        Section(output, "Caches (TTL from slo.yaml's staleness budgets)");
        foreach (var c in plan.Caches)
        {
            Line(output, $"{c.Cache} TTL", c.TtlSeconds, "s");
        }

        Section(output, "Workers");
        Line(output, "jobs", plan.Workers.JobsPerSecond, "/s");
        Line(output, "jobs in flight", plan.Workers.JobsInFlight, string.Empty);
        Line(output, "workers on announcements", plan.Workers.AnnouncementWorkers, string.Empty);
        Line(output, "workers min", plan.Workers.MinReplicas, $"x {plan.Workers.Cpu}");
        Line(output, "workers max", plan.Workers.MaxReplicas, string.Empty);

        Section(output, "Autoscaling (scaling/autoscale.yaml's terms)");
        var a = plan.Autoscaling;
        Line(output, "api minReplicas / maxReplicas", a.MinReplicas, $"/ {a.MaxReplicas.Text()}");
        Line(output, "latency target", a.LatencyPercentOfObjective, $"% of the objective (tightest {a.TightestObjectiveMs.Text()} ms)");
        Line(output, "errorRate target", a.ErrorRatePercent, "%");
        Line(output, "inFlight per node", a.InFlightPerNode, string.Empty);
        Line(output, "cpu target", a.CpuUtilization, "%");
        Line(output, "memory target", a.MemoryUtilization, "%");
        Line(output, "scale-up window", a.ScaleUpWindowSeconds, "s");
        Line(output, "scale-down window", a.ScaleDownWindowSeconds, "s");
        Line(output, "node concurrency", a.ApiConcurrency, "in flight");
        Line(output, "queueDepth per worker", a.QueueDepthPerWorker, string.Empty);

        output.WriteLine();
        output.WriteLine($"Inputs: {string.Join(", ", plan.Inputs.ResultsFiles)}; {plan.Inputs.Slo}; {plan.Inputs.Journey}");
        foreach (var warning in plan.Warnings)
        {
            output.WriteLine($"WARNING: {warning}");
        }
    }

    private static void Section(TextWriter output, string title)
    {
        output.WriteLine();
        output.WriteLine(title);
    }

    private static void Line(TextWriter output, string what, Sourced number, string unit) =>
        output.WriteLine($"  {what,-30} {number.Text(number.Value is > 0 and < 1 ? 3 : 1),10} {unit,-14} {number.Kind,-8} {number.How}");

    private static string Mark(Sourced number) => number.Kind switch
    {
        Sourced.MeasuredKind => "m",
        Sourced.DerivedKind => "d",
        Sourced.DefaultKind => "D",
        _ => "g",
    };
}
