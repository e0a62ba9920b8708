namespace Stadium.Lab.Ledger;

/// <summary>
/// The verdict on a ledger: every acknowledged write either read back, or is listed here; and what became of the writes
/// that were never acknowledged (<see cref="Resolutions"/>, one per author and text). <see cref="Lost"/> were answered 404
/// on every read (<see cref="Rereads"/>), <see cref="Mismatched"/> were answered with another author's post, and
/// <see cref="Unreadable"/> could not be read at all (timeouts, 5xx): not a proven loss, and not a proof of none.
/// </summary>
public sealed record LedgerVerdict(int Checked, int Found, IReadOnlyList<LedgerEntry> Lost, IReadOnlyList<LedgerEntry> Mismatched, IReadOnlyList<(LedgerEntry Entry, string Problem)> Unreadable)
{
    public bool NothingLost => Lost.Count == 0 && Mismatched.Count == 0 && Unreadable.Count == 0;

    public IReadOnlyList<WriteResolution> Resolutions { get; init; } = [];

    /// <summary>The read-your-writes token every read sent (the ledger's highest), or null when the ledger had none.</summary>
    public string? Consistency { get; init; }

    /// <summary>How often and how long a 404 was read again before it counted as lost.</summary>
    public NotFoundRereads Rereads { get; init; } = NotFoundRereads.Default;

    /// <summary>Unacknowledged writes in the ledger (each resolution counts its own).</summary>
    public int Unacknowledged => Resolutions.Sum(r => r.Indeterminate + r.Failed);

    /// <summary>Nothing lost, and no unacknowledged write applied twice or applied after an error.</summary>
    public bool Consistent => NothingLost && Resolutions.All(r => r.Consistent);
}
