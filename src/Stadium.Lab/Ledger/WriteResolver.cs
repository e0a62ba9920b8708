using System.Globalization;
using System.Text.Json;

namespace Stadium.Lab.Ledger;

/// <summary>
/// Resolves the writes a ledger could not confirm, as Jepsen's checkers resolve indeterminate operations: reads every
/// post of each such author (GET /v1/users/{author}/posts, all pages), sets aside those an acknowledged entry names, and
/// counts the rest that carry exactly the write's text. The generator's texts are random words, so two writes of one
/// author with the same text are rare; when they happen they are judged together (one resolution per author and text).
/// With <c>consistency</c> (a read-your-writes token) every read is served by a store at least that far along, so a
/// replica behind cannot hide a write that was applied.
/// </summary>
public sealed class WriteResolver(HttpClient client, Uri target, int pageSize = 100, int maxPages = 10_000, string? consistency = null)
{
    public async Task<IReadOnlyList<WriteResolution>> ResolveAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken ct)
    {
        var acknowledged = entries.Where(e => e.IsAcknowledged).Select(e => e.PostId).ToHashSet();
        var resolutions = new List<WriteResolution>();
        foreach (var author in entries.Where(e => !e.IsAcknowledged).GroupBy(e => e.Author, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            Dictionary<string, int>? counts = null;
            string? problem = null;
            try
            {
                counts = await UnacknowledgedTextsAsync(author.Key, acknowledged, ct).ConfigureAwait(false);
            }
            catch (Exception failure) when (failure is HttpRequestException or JsonException or InvalidOperationException
                                            || (failure is TaskCanceledException && !ct.IsCancellationRequested))
            {
                problem = failure.Message;
            }

            foreach (var same in author.GroupBy(e => e.Text!, StringComparer.Ordinal))
            {
                resolutions.Add(new WriteResolution(
                    author.Key, same.Key, same.Count(e => e.Kind == LedgerKinds.Indeterminate), same.Count(e => e.Kind == LedgerKinds.Failed),
                    counts is null ? -1 : counts.GetValueOrDefault(same.Key), problem));
            }
        }

        return resolutions;
    }

    private async Task<Dictionary<string, int>> UnacknowledgedTextsAsync(string author, HashSet<long> acknowledged, CancellationToken ct)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        string? cursor = null;
        for (var page = 0; page < maxPages; page++)
        {
            var path = $"/v1/users/{Uri.EscapeDataString(author)}/posts?limit={pageSize.ToString(CultureInfo.InvariantCulture)}"
                       + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            using var request = LedgerVerifier.Get(new Uri(target, path), consistency);
            using var response = await client.SendAsync(request, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}");
            }

            await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            using var json = await JsonDocument.ParseAsync(body, cancellationToken: ct).ConfigureAwait(false);
            foreach (var post in json.RootElement.GetProperty("items").EnumerateArray())
            {
                if (!acknowledged.Contains(post.GetProperty("id").GetInt64()) && post.GetProperty("text").GetString() is { } text)
                {
                    counts[text] = counts.GetValueOrDefault(text) + 1;
                }
            }

            if (!json.RootElement.TryGetProperty("nextCursor", out var next) || next.ValueKind != JsonValueKind.String)
            {
                return counts;
            }

            cursor = next.GetString();
        }

        throw new InvalidOperationException($"{author} has more than {maxPages} pages of posts");
    }
}
