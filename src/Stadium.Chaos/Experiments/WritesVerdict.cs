namespace Stadium.Chaos.Experiments;

/// <summary>
/// Every write of the run's ledger, checked. Acknowledged ones read back (<see cref="Lost"/> is those that were not, with
/// the mismatched and unreadable); the unacknowledged ones (<see cref="Indeterminate"/>: answer lost; <see cref="Failed"/>:
/// answered with an error) resolved from the authors' posts into applied once, not applied, applied twice, and failed
/// but applied. <see cref="Resolved"/> counts the unacknowledged writes whose fate could be read.
/// </summary>
public sealed record WritesVerdict(
    string Ledger, long Acknowledged, long Lost, long Indeterminate, long Failed, long Resolved,
    long AppliedOnce, long NotApplied, long AppliedTwice, long FailedApplied)
{
    public bool Passed => Lost == 0 && AppliedTwice == 0 && FailedApplied == 0 && Resolved == Indeterminate + Failed;
}
