using System.Globalization;

namespace Stadium.Chaos.Experiments;

/// <summary>
/// Every write of the run's ledger, checked. Acknowledged ones read back: <see cref="Lost"/> were answered 404 on every
/// read (after <see cref="RereadSeconds"/> of rereads), <see cref="Mismatched"/> with another author's post, and
/// <see cref="Unreadable"/> could not be read at all (timeouts, 5xx after retries) - not a proven loss, but not a proof of
/// none either, so each of the three fails the check. The unacknowledged ones (<see cref="Indeterminate"/>: answer lost;
/// <see cref="Failed"/>: answered with an error) resolved from the authors' posts into applied once, not applied, applied
/// twice, and failed but applied. <see cref="Resolved"/> counts the unacknowledged writes whose fate could be read.
/// </summary>
public sealed record WritesVerdict(
    string Ledger, long Acknowledged, long Lost, long Indeterminate, long Failed, long Resolved,
    long AppliedOnce, long NotApplied, long AppliedTwice, long FailedApplied)
{
    /// <summary>Acknowledged writes read back as another author's post.</summary>
    public long Mismatched { get; init; }

    /// <summary>Acknowledged writes whose read failed every time (timeout, connection error, 5xx): could not be read back.</summary>
    public long Unreadable { get; init; }

    /// <summary>What the first reads that failed answered (a few), so a reader can tell a down service from a slow one.</summary>
    public IReadOnlyList<string> UnreadableProblems { get; init; } = [];

    /// <summary>How long a 404 was read again before it counted as lost.</summary>
    public double RereadSeconds { get; init; }

    /// <summary>The read-your-writes token every read sent (the ledger's highest), or null when the ledger had none.</summary>
    public string? Consistency { get; init; }

    public bool Passed => Lost == 0 && Mismatched == 0 && Unreadable == 0 && AppliedTwice == 0 && FailedApplied == 0 && Resolved == Indeterminate + Failed;

    /// <summary>"500 acknowledged, 1 lost, 0 mismatched, could not be read back: 3": the three named apart.</summary>
    public string DescribeAcknowledged() =>
        string.Create(CultureInfo.InvariantCulture, $"{Acknowledged:N0} acknowledged, {Lost:N0} lost, {Mismatched:N0} mismatched")
        + (Unreadable == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $", could not be read back: {Unreadable:N0}"));
}
