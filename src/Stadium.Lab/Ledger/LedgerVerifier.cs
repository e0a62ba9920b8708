using System.Globalization;
using System.Net;
using System.Text.Json;
using Stadium.Lab.Http;

namespace Stadium.Lab.Ledger;

/// <summary>
/// Reads every ledger entry back with GET /v1/posts/{id}: 200 with the same author is found, a different author is a
/// mismatch, anything but 200 or 404 (after retries) is unreadable, and 404 is lost only when it is still 404 after
/// <see cref="NotFoundRereads"/>. Every read sends the highest read-your-writes token the ledger holds
/// (<see cref="LedgerEntry.Consistency"/>), so a service whose reads may come from a replica serves them only from a
/// store that has every acknowledged write; a replica behind right after a fault cannot make one look lost. A chaos run
/// has proved nothing was lost only when all of them were found. The entries that were never acknowledged (indeterminate,
/// failed) are resolved by <see cref="WriteResolver"/> into <see cref="LedgerVerdict.Resolutions"/>, with the same token.
/// </summary>
public sealed class LedgerVerifier(HttpClient client, Uri target, int concurrency = 16, int attempts = 3, NotFoundRereads? rereads = null)
{
    /// <summary>The header the token travels in, both ways.</summary>
    public const string ConsistencyHeader = MeasuredResponse.ConsistencyHeader;

    private readonly NotFoundRereads _rereads = rereads ?? NotFoundRereads.Default;

    public async Task<LedgerVerdict> VerifyAsync(IReadOnlyList<LedgerEntry> all, CancellationToken ct)
    {
        var entries = all.Where(e => e.IsAcknowledged).ToList();
        var token = HighestToken(all);
        var mismatched = new List<LedgerEntry>();
        var unreadable = new List<(LedgerEntry, string)>();
        var found = 0;
        var pending = entries;
        for (var round = 0; ; round++)
        {
            var notFound = new List<LedgerEntry>();
            await ReadAllAsync(pending, token, (entry, outcome, problem) =>
            {
                switch (outcome)
                {
                    case Outcome.Found: found++; break;
                    case Outcome.NotFound: notFound.Add(entry); break;
                    case Outcome.Mismatched: mismatched.Add(entry); break;
                    default: unreadable.Add((entry, problem)); break;
                }
            }, ct).ConfigureAwait(false);
            if (notFound.Count == 0 || round == _rereads.Delays.Count)
            {
                pending = notFound;
                break;
            }

            await Task.Delay(_rereads.Delays[round], ct).ConfigureAwait(false);
            pending = notFound;
        }

        IReadOnlyList<WriteResolution> resolutions = entries.Count == all.Count
            ? []
            : await new WriteResolver(client, target, consistency: token).ResolveAsync(all, ct).ConfigureAwait(false);
        return new LedgerVerdict(entries.Count, found, [.. pending.OrderBy(e => e.PostId)], [.. mismatched.OrderBy(e => e.PostId)], unreadable)
        {
            Resolutions = resolutions,
            Consistency = token,
            Rereads = _rereads,
        };
    }

    /// <summary>
    /// Why the target does not answer at all (connection refused, no answer in time), or null when it answers anything,
    /// even an error. Asked once before a verification from the command line, so a dead or mistyped target is one line,
    /// not one "could not be read back" per entry; a chaos experiment does not ask, since its target may be recovering.
    /// </summary>
    public async Task<string?> NoAnswerAsync(CancellationToken ct)
    {
        try
        {
            using var request = Get(target, null);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            return null;
        }
        catch (HttpRequestException e)
        {
            return e.Message.TrimEnd('.');
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return $"no answer within {client.Timeout.TotalSeconds:0} s";
        }
    }

    /// <summary>The largest token among the entries (they are WAL positions in hex); null when none has a readable one.</summary>
    public static string? HighestToken(IEnumerable<LedgerEntry> entries)
    {
        ulong? highest = null;
        foreach (var entry in entries)
        {
            if (entry.Consistency is { } text && ulong.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var position)
                && (highest is null || position > highest))
            {
                highest = position;
            }
        }

        return highest?.ToString("X", CultureInfo.InvariantCulture);
    }

    /// <summary>A GET that carries the token when there is one.</summary>
    internal static HttpRequestMessage Get(Uri uri, string? consistency)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (consistency is not null)
        {
            request.Headers.TryAddWithoutValidation(ConsistencyHeader, consistency);
        }

        return request;
    }

    private enum Outcome
    {
        Found,
        NotFound,
        Mismatched,
        Unreadable,
    }

    private async Task ReadAllAsync(List<LedgerEntry> entries, string? token, Action<LedgerEntry, Outcome, string> record, CancellationToken ct)
    {
        var results = new object();
        await Parallel.ForEachAsync(entries, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct }, async (entry, cancel) =>
        {
            var (outcome, problem) = await CheckAsync(entry, token, cancel).ConfigureAwait(false);
            lock (results)
            {
                record(entry, outcome, problem);
            }
        }).ConfigureAwait(false);
    }

    private async Task<(Outcome, string)> CheckAsync(LedgerEntry entry, string? token, CancellationToken ct)
    {
        var problem = string.Empty;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            try
            {
                using var request = Get(new Uri(target, $"/v1/posts/{entry.PostId.ToString(CultureInfo.InvariantCulture)}"), token);
                using var response = await client.SendAsync(request, ct).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return (Outcome.NotFound, "404");
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
