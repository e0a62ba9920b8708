using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Stadium.Lab.Ledger;

/// <summary>
/// Reads every ledger entry back with GET /v1/posts/{id}: 200 with the same author is found, 404 is
/// lost, a different author is a mismatch, anything else (after retries) is unreadable. A chaos run
/// has proved nothing was lost only when all of them were found. The entries that were never acknowledged
/// (indeterminate, failed) are resolved by <see cref="WriteResolver"/> into <see cref="LedgerVerdict.Resolutions"/>.
/// </summary>
public sealed class LedgerVerifier(HttpClient client, Uri target, int concurrency = 16, int attempts = 3)
{
    public async Task<LedgerVerdict> VerifyAsync(IReadOnlyList<LedgerEntry> all, CancellationToken ct)
    {
        var entries = all.Where(e => e.IsAcknowledged).ToList();
        var lost = new List<LedgerEntry>();
        var mismatched = new List<LedgerEntry>();
        var unreadable = new List<(LedgerEntry, string)>();
        var found = 0;
        var results = new object();
        await Parallel.ForEachAsync(entries, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct }, async (entry, token) =>
        {
            var (outcome, problem) = await CheckAsync(entry, token).ConfigureAwait(false);
            lock (results)
            {
                switch (outcome)
                {
                    case Outcome.Found: found++; break;
                    case Outcome.Lost: lost.Add(entry); break;
                    case Outcome.Mismatched: mismatched.Add(entry); break;
                    default: unreadable.Add((entry, problem)); break;
                }
            }
        }).ConfigureAwait(false);
        IReadOnlyList<WriteResolution> resolutions = entries.Count == all.Count ? [] : await new WriteResolver(client, target).ResolveAsync(all, ct).ConfigureAwait(false);
        return new LedgerVerdict(entries.Count, found, [.. lost.OrderBy(e => e.PostId)], [.. mismatched.OrderBy(e => e.PostId)], unreadable)
        {
            Resolutions = resolutions,
        };
    }

    private enum Outcome
    {
        Found,
        Lost,
        Mismatched,
        Unreadable,
    }

    private async Task<(Outcome, string)> CheckAsync(LedgerEntry entry, CancellationToken ct)
    {
        var problem = string.Empty;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            try
            {
                var uri = new Uri(target, $"/v1/posts/{entry.PostId.ToString(CultureInfo.InvariantCulture)}");
                using var response = await client.GetAsync(uri, ct).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return (Outcome.Lost, "404");
                }

                if (response.IsSuccessStatusCode)
                {
                    await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                    using var json = await JsonDocument.ParseAsync(body, cancellationToken: ct).ConfigureAwait(false);
                    var author = json.RootElement.TryGetProperty("author", out var a) ? a.GetString() : null;
                    return author == entry.Author ? (Outcome.Found, string.Empty) : (Outcome.Mismatched, $"author {author}");
                }

                problem = $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException or JsonException && !ct.IsCancellationRequested)
            {
                problem = failure.Message;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), ct).ConfigureAwait(false);
        }

        return (Outcome.Unreadable, problem);
    }
}
