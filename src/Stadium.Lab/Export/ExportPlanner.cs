using Stadium.Lab.Execution;
using Stadium.Lab.Journeys;
using Stadium.Lab.Journeys.Actions;
using Stadium.Lab.Scenarios;
using Stadium.Lab.Thresholds;
using Stadium.Protection.Slo;

namespace Stadium.Lab.Export;

/// <summary>
/// A scenario file read and planned exactly as `stadium load run` plans it (so an export refuses what a run refuses,
/// with the same message), then laid out for the exporters: phases end to end, mixes by action name, closed-model
/// accounts chosen as the lab chooses them, and the gates.
/// </summary>
internal static class ExportPlanner
{
    /// <summary>Stands in for a scenario without a target: the scripts take the real one when they run.</summary>
    private const string LocalTarget = "http://127.0.0.1:8080";

    public static ExportPlan Plan(ScenarioFile file, string source, SloObjectives? slo)
    {
        var load = ScenarioPlanner.Plan(file, new PlanOverrides(file.Target is null ? LocalTarget : null, null, null));
        var phases = new List<ExportPhase>();
        var start = 0.0;
        for (var i = 0; i < load.Phases.Count; i++)
        {
            var phase = ToPhase(load, i, start);
            phases.Add(phase);
            start += phase.DurationSeconds;
        }

        var endpoints = Endpoints(load, phases);
        var thresholds = ThresholdParser.ParseAll(load.Thresholds).ToList();
        if (slo is not null)
        {
            thresholds.AddRange(SloThresholds.For(slo, endpoints));
        }

        return new ExportPlan(source, load, phases, thresholds, file.Ledger, new FreshAccounts(load.Population).Stride)
        {
            Endpoints = [.. endpoints.Select(e => e.Name)],
        };
    }

    private static ExportPhase ToPhase(LoadPlan load, int index, double startSeconds)
    {
        var plan = load.Phases[index];
        IReadOnlyList<KeyValuePair<string, double>>? mix = null;
        IReadOnlyList<int>? accounts = null;
        if (load.IsJourney)
        {
            var weights = (load.PhaseMixes.GetValueOrDefault(index) ?? load.Mix).Weights;
            mix = [.. JourneyActions.Registry.All.Where(weights.ContainsKey).Select(a => new KeyValuePair<string, double>(a.Name, weights[a]))];
            if (plan.Users is { } users)
            {
                // The lab's own choice for this phase (StadiumJourneyWorkload.EnterPhase): the same accounts, in the same order.
                accounts = new ZipfPicker(load.Population, load.ZipfExponent).NextDistinct(users.MaxUsers, new Random(users.MaxUsers));
            }
        }

        return plan switch
        {
            { Arrivals: { } arrivals } => new ExportPhase(
                plan.Name, plan.Executor.Name, true, startSeconds, arrivals.StartRate, arrivals.Stages, plan.MaxInFlight, plan.Think, plan.GracefulStop, mix, accounts),
            { Users: { } users } => new ExportPhase(
                plan.Name, plan.Executor.Name, false, startSeconds, users.StartUsers, users.Stages, 0, plan.Think, plan.GracefulStop, mix, accounts),
            _ => throw new FormatException($"{plan.Name}: the phase plans neither arrivals nor users."),
        };
    }

    /// <summary>What the scenario calls, by the names its results and thresholds use: journeys' endpoints, or the request list.</summary>
    private static List<(string Name, string Method, string Path)> Endpoints(LoadPlan load, IReadOnlyList<ExportPhase> phases)
    {
        if (load.Requests is { } requests)
        {
            return [.. requests.DistinctBy(r => r.Name).Select(r => (r.Name, r.Method.ToUpperInvariant(), r.Url))];
        }

        var actions = phases.SelectMany(p => p.Mix ?? []).Select(w => w.Key).Distinct();
        return [.. ActionEndpoints.Reached(actions).Select(e => (e.Name, e.Method, e.Route))];
    }
}
