namespace Stadium.Lab.Ledger;

/// <summary>
/// The verdict on a ledger: every acknowledged write either read back, or is listed here; and what became of the writes
/// that were never acknowledged (<see cref="Resolutions"/>, one per author and text).
/// </summary>
public sealed record LedgerVerdict(int Checked, int Found, IReadOnlyList<LedgerEntry> Lost, IReadOnlyList<LedgerEntry> Mismatched, IReadOnlyList<(LedgerEntry Entry, string Problem)> Unreadable)
{
    public bool NothingLost => Lost.Count == 0 && Mismatched.Count == 0 && Unreadable.Count == 0;

    public IReadOnlyList<WriteResolution> Resolutions { get; init; } = [];

    /// <summary>Unacknowledged writes in the ledger (each resolution counts its own).</summary>
    public int Unacknowledged => Resolutions.Sum(r => r.Indeterminate + r.Failed);

    /// <summary>Nothing lost, and no unacknowledged write applied twice or applied after an error.</summary>
    public bool Consistent => NothingLost && Resolutions.All(r => r.Consistent);
}
