namespace Stadium.Planning.Plan;

/// <summary>
/// Each endpoint's load in the busy minute. A request stays at least its CPU time on one core (1000 ms / capacity per
/// core, a login's ~250 ms) and at least the typical latency (expectedLatencyMs, which covers waits on the store and
/// the network); Little's law gives its requests in flight, and rate / capacity the cores it keeps busy.
/// </summary>
internal static class EndpointPlanner
{
    public static IReadOnlyList<EndpointPlan> Plan(IReadOnlyList<EndpointRates> rates, IReadOnlyDictionary<string, Sourced> capacity, PlanAssumptions assume)
    {
        var typical = assume.Get("expectedLatencyMs");
        return [.. rates.Select(r =>
        {
            var perCore = capacity[r.Name];
            var cpuMs = 1000 / perCore.Value;
            var latency = cpuMs > typical.Value
                ? Sourced.Derived(cpuMs, $"CPU time on one core: 1000 ms / {perCore.Text()} per core ({perCore.Kind})")
                : Sourced.Derived(typical.Value, $"expectedLatencyMs {typical.Text()} ({typical.Kind}), above the CPU time 1000 / {perCore.Text()} = {cpuMs:0.##} ms");
            var inFlight = Sourced.Derived(LittlesLaw.InFlight(r.BusyMinute.Value, latency.Value), $"{r.BusyMinute.Text()}/s x {latency.Text(2)} ms");
            var cores = Sourced.Derived(r.BusyMinute.Value / perCore.Value, $"{r.BusyMinute.Text()}/s / {perCore.Text()} per core");
            return new EndpointPlan(r.Name, r.Method, r.Route, r.Steady, r.Burst, r.BusyMinute, perCore, latency, inFlight, cores);
        })];
    }
}
