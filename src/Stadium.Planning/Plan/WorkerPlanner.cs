namespace Stadium.Planning.Plan;

/// <summary>
/// Queue workers from the job rates. Each export request queues one job; Little's law gives the jobs in flight
/// (rate x exportJobMs), and a worker runs workerConcurrency of them. An announcement takes a whole worker (its
/// batches run at the worker's concurrency) for followers / emailsPerWorkerSecond seconds, so announcements keep
/// announcementsPerHour / 3600 x that many workers busy. Workers are kept workerTargetUtilization busy. The minimum
/// runs the steady rate; the maximum is twice that, so a backlog built up at the steady rate drains in the time it
/// took to build.
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
        var sending = assume["announcementFollowers"] / assume["emailsPerWorkerSecond"];
        var announcements = Sourced.Derived(assume["announcementsPerHour"] / 3600 * sending,
            $"announcementsPerHour {assume["announcementsPerHour"]:0.##} / 3600 s x (announcementFollowers {assume["announcementFollowers"]:N0} / emailsPerWorkerSecond {assume["emailsPerWorkerSecond"]:N0})");
        var busy = inFlight.Value / concurrency.Value + announcements.Value;
        var needed = Math.Max(1, Math.Ceiling(busy / (utilization.Value / 100) - 1e-9));
        var min = Sourced.Derived(needed,
            $"max(1, ceil(({inFlight.Text(2)} export jobs in flight / {concurrency.Text()} per worker + {announcements.Text(3)} workers sending announcements) / {utilization.Text()} %))");
        var max = Sourced.Derived(needed * 2, $"2 x {needed:0}: a steady-rate backlog drains as fast as it built");
        return new WorkerPlan(rate, inFlight, announcements, min, max, assume.Get("queueDepthPerWorker"),
            Quantities.Cpu(assume["workerCores"]), Quantities.Mebibytes(assume["workerMemoryMb"]));
    }
}
