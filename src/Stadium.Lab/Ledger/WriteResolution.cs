namespace Stadium.Lab.Ledger;

/// <summary>
/// What became of the unacknowledged writes of one author with one text (usually a single write): how many were sent
/// without an answer (<see cref="Indeterminate"/>) or answered with an error (<see cref="Failed"/>), and how many posts
/// with that exact text the author has that no acknowledged entry accounts for (<see cref="Applied"/>; -1 when the
/// author's posts could not be read).
/// </summary>
public sealed record WriteResolution(string Author, string Text, int Indeterminate, int Failed, int Applied, string? Problem = null)
{
    /// <summary>Applied at most once per write whose answer was lost, and never for one answered with an error.</summary>
    public bool Consistent => Applied >= 0 && Applied <= Indeterminate;

    /// <summary>"applied once", "not applied", "applied twice", "failed but applied", "unreadable".</summary>
    public string Outcome => Applied switch
    {
        < 0 => "unreadable",
        0 => "not applied",
        _ when Applied > Indeterminate && Indeterminate == 0 => "failed but applied",
        _ when Applied > Indeterminate => "applied twice",
        _ => "applied once",
    };
}
