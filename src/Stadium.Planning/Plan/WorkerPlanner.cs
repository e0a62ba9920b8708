namespace Stadium.Planning.Plan;

/// <summary>
/// Queue workers from the job rate: each export request queues one job; Little's law gives the jobs in flight
/// (rate x exportJobMs), and each worker runs workerConcurrency of them kept workerTargetUtilization busy. The
/// minimum runs the steady rate; the maximum is twice that, so a backlog built up at the steady rate drains in the
/// time it took to build.
/// </summary>
internal static class WorkerPlanner
{
    public static WorkerPlan Plan(IReadOnlyList<EndpointPlan> endpoints, PlanAssumptions assume)
    {
        var export = endpoints.Single(e => e.Name == "export");
        var jobMs = assume.Get("exportJobMs");
        var rate = Sourced.Derived(export.BusyMinute.Value, $"one job per POST {export.Route} ({export.BusyMinute.Text()}/s)");
        var inFlight = Sourced.Derived(LittlesLaw.InFlight(rate.Value, jobMs.Value), $"{rate.Text()} jobs/s x exportJobMs {jobMs.Text()} ({jobMs.Kind})");
        var concurrency = assume.Get("workerConcurrency");
        var utilization = assume.Get("workerTargetUtilization");
        var needed = Math.Max(1, Math.Ceiling(inFlight.Value / (concurrency.Value * utilization.Value / 100) - 1e-9));
        var min = Sourced.Derived(needed, $"max(1, ceil({inFlight.Text(2)} in flight / ({concurrency.Text()} jobs per worker x {utilization.Text()} %)))");
        var max = Sourced.Derived(needed * 2, $"2 x {needed:0}: a steady-rate backlog drains as fast as it built");
        return new WorkerPlan(rate, inFlight, min, max, assume.Get("queueDepthPerWorker"),
            Quantities.Cpu(assume["workerCores"]), Quantities.Mebibytes(assume["workerMemoryMb"]));
    }
}
