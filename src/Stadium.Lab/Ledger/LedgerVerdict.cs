namespace Stadium.Lab.Ledger;

/// <summary>The verdict on a ledger: every acknowledged write either read back, or is listed here.</summary>
public sealed record LedgerVerdict(int Checked, int Found, IReadOnlyList<LedgerEntry> Lost, IReadOnlyList<LedgerEntry> Mismatched, IReadOnlyList<(LedgerEntry Entry, string Problem)> Unreadable)
{
    public bool NothingLost => Lost.Count == 0 && Mismatched.Count == 0 && Unreadable.Count == 0;
}
