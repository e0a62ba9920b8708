using System.Globalization;
using Stadium.Chaos.Experiments;
using Stadium.Protection.Slo;

namespace Stadium.Chaos.Rehearsal;

/// <summary>
/// The rehearsal's gates, from what the run found: the load ran on a cluster that answered before it; each endpoint met
/// its SLO outside the faults; shed and rate-limited answers stayed under their ceiling; the autoscaler decided and the
/// cluster applied what it decided; no acknowledged write was lost and every unacknowledged one was resolved; no job's
/// effect repeated; every fault ran and the SLO was back within the recovery gate after it. Passed only when all held
/// and the run was not interrupted.
/// </summary>
internal static class RehearsalVerdict
{
    public static readonly TimeSpan RecoveryGate = ExperimentGates.Default.Recovery;

    private const string ScaleGate = "scale events";

    public static RehearsalResults Build(RehearsalPlan plan, FaultPick pick, ChaosResults chaos, AutoscalerRecord? autoscaler, SloObjectives slo, string? clusterFolder)
    {
        var gates = new List<RehearsalGate>
        {
            new("cluster answered before the load", chaos.Hypothesis.Before?.Passed == true, Before(chaos.Hypothesis.Before)),
        };
        var load = chaos.Load;
        IReadOnlyList<EndpointSlo> endpoints = load is null ? [] : SloOutsideFaults.Measure(load, chaos.Faults, slo, RecoveryGate);
        if (load is null)
        {
            gates.Add(new RehearsalGate("load", false, "no load ran"));
        }

        gates.AddRange(endpoints.Select(e => new RehearsalGate($"SLO {e.Name}", e.Met, Invariant(
            $"p{e.Percentile:0.#} {e.MeasuredMs:0.#} ms (objective {e.ObjectiveMs:0} ms), errors {e.ErrorShare:P2} (budget {e.ErrorBudget:P2}) of {e.Requests:N0} requests outside faults"))));
        var shed = load is null ? null : ShedShare.Of(load);
        if (shed is not null)
        {
            gates.Add(new RehearsalGate("shed and rate-limited", shed.Met, Invariant(
                $"{shed.Share:P2} of {shed.Requests:N0} requests: {shed.Shed:N0} shed (503), {shed.RateLimited:N0} rate-limited (429); ceiling {shed.Ceiling:P0}")));
        }

        IReadOnlyList<ScaleEvent> events = autoscaler?.ScaleEvents(load?.StartedAt ?? chaos.StartedAt) ?? [];
        gates.Add(Scales(autoscaler, events));
        gates.Add(Writes(chaos.Writes));
        gates.Add(chaos.Jobs is { } jobs
            ? new RehearsalGate("jobs exactly once", jobs.Passed, $"{jobs.Exports:N0} exports ({jobs.Duplicates:N0} twice), {jobs.Announcements:N0} emails ({jobs.DuplicateDeliveries:N0} twice)")
            : new RehearsalGate("jobs exactly once", false, "the cluster's shared folder could not be read"));
        gates.AddRange(chaos.Faults.Select(f => Recovery(f, load is not null && !chaos.Interrupted)));
        if (chaos.Faults.Count == 0)
        {
            gates.Add(new RehearsalGate("faults", false, "no fault ran: " + string.Join("; ", pick.Skipped)));
        }

        var reasons = gates.Where(g => !g.Met).Select(g => $"{g.Name}: {g.Figure}").ToList();
        if (chaos.Interrupted)
        {
            reasons.Insert(0, "interrupted before the end of the run");
        }

        return new RehearsalResults
        {
            Mau = plan.Mau,
            DurationSeconds = plan.Duration.TotalSeconds,
            Seed = pick.Seed,
            Scale = plan.Scale,
            ScaleGiven = plan.ScaleGiven,
            StartedAt = chaos.StartedAt,
            Passed = reasons.Count == 0,
            Interrupted = chaos.Interrupted,
            Gates = gates,
            Reasons = reasons,
            Plan = plan,
            SkippedFaults = pick.Skipped,
            Faults = chaos.Faults,
            Slo = endpoints,
            Shed = shed,
            AutoscalerRounds = autoscaler?.Rounds,
            ScaleEvents = events,
            Writes = chaos.Writes,
            Jobs = chaos.Jobs,
            Hypothesis = chaos.Hypothesis,
            ClusterFolder = clusterFolder,
            Load = load,
        };
    }

    private static string Before(HypothesisCheck? check) =>
        check is null ? "not checked (the run stopped first)" : string.Join("; ", check.Probes.Select(p => $"{p.Name}: {(p.Passed ? "ok" : "FAIL")} {p.Detail}"));

    /// <summary>Met when the autoscaler made its rounds and the cluster applied every scale it decided.</summary>
    private static RehearsalGate Scales(AutoscalerRecord? autoscaler, IReadOnlyList<ScaleEvent> events)
    {
        if (autoscaler?.Rounds is not { } rounds)
        {
            return new RehearsalGate(ScaleGate, false, autoscaler?.Problem ?? "the autoscaler's decisions were not read");
        }

        var refused = events.Where(e => !e.Applied).ToList();
        var figure = Invariant($"{rounds} rounds, {events.Count} scale events")
            + (events.Count == 0 ? " (no signal asked for another size)" : ": " + string.Join("; ", events.Select(e =>
                Invariant($"{e.Target} {e.From}->{e.To} at {e.AtSeconds:0}s by {e.Signal}{(e.Applied ? "" : " (NOT applied)")}: {e.Reason}"))));
        return new RehearsalGate(ScaleGate, rounds > 0 && refused.Count == 0, rounds == 0 ? "the autoscaler made no round during the run" : figure);
    }

    private static RehearsalGate Writes(WritesVerdict? writes) => writes is null
        ? new RehearsalGate("nothing lost", false, "no write ledger to check")
        : new RehearsalGate("nothing lost", writes.Passed,
            $"{writes.DescribeAcknowledged()}; {writes.Indeterminate + writes.Failed:N0} unacknowledged, {writes.Resolved:N0} resolved "
            + $"({writes.AppliedOnce:N0} applied once, {writes.NotApplied:N0} not applied, {writes.AppliedTwice:N0} twice, {writes.FailedApplied:N0} after an error)");

    private static RehearsalGate Recovery(FaultOutcome fault, bool measured)
    {
        var name = $"recovery: {fault.Describe}";
        if (fault.Error is { } error)
        {
            return new RehearsalGate(name, false, error);
        }

        if (fault.StartedAt is null || fault.EndedAt is null)
        {
            return new RehearsalGate(name, false, "the fault did not run to its end");
        }

        if (!measured)
        {
            return new RehearsalGate(name, false, "no load to measure the recovery on");
        }

        return fault.RecoverySeconds is { } seconds
            ? new RehearsalGate(name, seconds <= RecoveryGate.TotalSeconds, Invariant($"back within the SLO {seconds:0} s after the fault (gate {RecoveryGate.TotalSeconds:0} s)"))
            : new RehearsalGate(name, false, Invariant($"never within the SLO for {RecoveryClock.HoldSeconds} s in a row before the load ended"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
