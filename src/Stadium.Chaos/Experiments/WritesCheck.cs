using Stadium.Lab.Ledger;

namespace Stadium.Chaos.Experiments;

/// <summary>
/// The run's ledger checked as `stadium load verify` checks one: acknowledged writes read back (lost, mismatched and
/// could-not-be-read counted apart), the others resolved.
/// </summary>
internal static class WritesCheck
{
    public static async Task<WritesVerdict> VerifyAsync(string ledger, Uri target, CancellationToken ct)
    {
        var entries = await WriteLedger.ReadAsync(ledger, ct).ConfigureAwait(false);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var verdict = await new LedgerVerifier(client, target).VerifyAsync(entries, ct).ConfigureAwait(false);
        return From(ledger, verdict);
    }

    public static WritesVerdict From(string ledger, LedgerVerdict verdict)
    {
        long Count(Func<WriteResolution, bool> which, Func<WriteResolution, int> size) => verdict.Resolutions.Where(which).Sum(r => (long)size(r));
        return new WritesVerdict(
            ledger,
            verdict.Checked,
            verdict.Lost.Count,
            Count(_ => true, r => r.Indeterminate),
            Count(_ => true, r => r.Failed),
            Count(r => r.Applied >= 0, r => r.Indeterminate + r.Failed),
            Count(r => r.Applied > 0 && r.Consistent, r => r.Applied),
            Count(r => r.Applied >= 0, r => Math.Max(0, r.Indeterminate + r.Failed - r.Applied)),
            Count(r => r.Indeterminate > 0 && !r.Consistent, r => r.Applied - r.Indeterminate),
            Count(r => r.Indeterminate == 0 && r.Applied > 0, r => r.Applied))
        {
            Mismatched = verdict.Mismatched.Count,
            Unreadable = verdict.Unreadable.Count,
            UnreadableProblems = [.. verdict.Unreadable.Select(u => $"post {u.Entry.PostId}: {u.Problem}").Take(5)],
            RereadSeconds = verdict.Rereads.Total.TotalSeconds,
            Consistency = verdict.Consistency,
        };
    }
}
