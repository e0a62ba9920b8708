using System.Globalization;
using Stadium.Lab.Reports;
using Stadium.Protection.Slo;

namespace Stadium.Chaos.Experiments;

/// <summary>
/// Puts a run's findings together and decides: it passed only when the hypothesis held before, during every fault and
/// after; nothing acknowledged was lost and nothing unacknowledged was applied twice or after an error; no job's effect
/// repeated; every fault started, reverted and was followed by a recovery within the gate; every rollback succeeded;
/// and the run was not interrupted. Each failure is one line of <see cref="ChaosResults.Reasons"/>.
/// </summary>
internal static class ChaosVerdict
{
    public static ChaosResults Build(
        Experiment experiment, Uri target, DateTimeOffset startedAt, bool interrupted, HypothesisResults hypothesis, IReadOnlyList<FaultSchedule> schedules,
        LoadResults? load, WritesVerdict? writes, JobsVerdict? jobs, IReadOnlyList<RollbackResult> rollbacks)
    {
        var reasons = new List<string>();
        if (interrupted)
        {
            reasons.Add("interrupted before the end of the method");
        }

        foreach (var check in new HypothesisCheck?[] { hypothesis.Before }.Concat(hypothesis.During).Append(hypothesis.After).OfType<HypothesisCheck>())
        {
            reasons.AddRange(check.Probes.Where(p => !p.Passed).Select(p => $"hypothesis {check.When}: {p.Name}: {p.Detail}"));
        }

        var slo = experiment.Gates.SloFile is { } file ? SloFileParser.Load(file) : SloFileParser.BuiltIn;
        var faults = schedules.Select(s => Measure(s.Outcome, load, slo)).ToList();
        foreach (var fault in faults)
        {
            if (fault.Error is { } error)
            {
                reasons.Add($"{fault.Describe}: {error}");
            }

            if (load is not null && fault.EndedAt is not null && !interrupted)
            {
                if (fault.RecoverySeconds is not { } seconds)
                {
                    reasons.Add($"{fault.Describe}: never back within the SLO for {RecoveryClock.HoldSeconds} s before the load ended");
                }
                else if (seconds > experiment.Gates.Recovery.TotalSeconds)
                {
                    reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{fault.Describe}: back within the SLO after {seconds:0} s, more than the gate's {experiment.Gates.Recovery.TotalSeconds:0} s"));
                }
            }

            if (experiment.Gates.Availability is { } least && fault.Availability is { } measured && measured < least)
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{fault.Describe}: availability {measured:P2} during the fault, below the gate's {least:P2}"));
            }
        }

        if (writes is { Passed: false })
        {
            reasons.Add($"writes: {writes.DescribeAcknowledged()}; {writes.AppliedTwice} applied twice, {writes.FailedApplied} applied after an error, "
                        + $"{writes.Indeterminate + writes.Failed - writes.Resolved} unresolved (ledger {writes.Ledger})"
                        + (writes.UnreadableProblems.Count == 0 ? "" : $"; the reads that failed answered: {string.Join("; ", writes.UnreadableProblems)}"));
        }

        if (jobs is { Passed: false })
        {
            reasons.Add($"jobs: {jobs.Duplicates} exports done twice, {jobs.DuplicateDeliveries} emails delivered twice");
        }

        reasons.AddRange(rollbacks.Where(r => !r.Succeeded).Select(r => $"rollback {r.Name}: {r.Detail}"));
        return new ChaosResults
        {
            Experiment = experiment.Title,
            Source = experiment.Source,
            Target = target.ToString(),
            StartedAt = startedAt,
            Passed = reasons.Count == 0,
            Reasons = reasons,
            Interrupted = interrupted,
            Hypothesis = hypothesis,
            Faults = faults,
            Writes = writes,
            Jobs = jobs,
            Rollbacks = rollbacks,
            Load = load is null ? null : load with { FaultBands = [.. faults.Where(f => f.StartedAt is not null).Select(f => Band(f, load))] },
        };
    }

    private static FaultOutcome Measure(FaultOutcome fault, LoadResults? load, SloObjectives slo)
    {
        if (load is null || fault.StartedAt is not { } started || fault.EndedAt is not { } ended)
        {
            return fault;
        }

        var from = (started - load.StartedAt).TotalSeconds;
        var to = (ended - load.StartedAt).TotalSeconds;
        return fault with
        {
            RecoverySeconds = RecoveryClock.RecoverySeconds(load, to, slo),
            Availability = RecoveryClock.Availability(load, from, to),
            DegradedShare = RecoveryClock.DegradedShare(load, from, to),
        };
    }

    private static FaultBand Band(FaultOutcome fault, LoadResults load) =>
        new(fault.Describe, (fault.StartedAt!.Value - load.StartedAt).TotalSeconds, ((fault.EndedAt ?? fault.StartedAt.Value) - load.StartedAt).TotalSeconds);
}
