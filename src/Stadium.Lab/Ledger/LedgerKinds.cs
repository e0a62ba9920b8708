namespace Stadium.Lab.Ledger;

/// <summary>The <c>kind</c> of a ledger entry that is not an acknowledged create (those have none).</summary>
public static class LedgerKinds
{
    /// <summary>The answer was lost (timeout, reset, connection closed): applied once or not at all is correct, twice is not.</summary>
    public const string Indeterminate = "indeterminate";

    /// <summary>Answered with a server error: it must not have been applied.</summary>
    public const string Failed = "failed";

    public static readonly IReadOnlyList<string> All = [Indeterminate, Failed];
}
