using System.Text.Json;
using Stadium.Lab.Http;
using Stadium.Lab.Ledger;
using Stadium.Lab.Measurement;

namespace Stadium.Lab.Journeys.Actions;

/// <summary>
/// Writes a post (with an Idempotency-Key, as a client that may retry does). With a ledger, a created one is recorded as
/// acknowledged, one answered with a server error as failed, and one whose answer was lost (timeout, reset, closed, or
/// still in flight when the run stopped) as indeterminate, with its key and text so the verdict can find it. An acknowledged
/// one keeps the read-your-writes token its answer carried, so the verifier reads it back from a store that has it.
/// </summary>
internal sealed class CreatePostAction : IJourneyAction
{
    public string Name => "createPost";

    public IReadOnlyList<string> Aliases => ["post"];

    public async Task RunAsync(JourneyIteration iteration, CancellationToken ct)
    {
        var options = iteration.Options;
        var text = options.PostBodies.NextText(iteration.Random);
        var body = JsonSerializer.Serialize(new Dictionary<string, string> { ["text"] = text });
        var key = Guid.NewGuid().ToString("N");
        MeasuredResponse response;
        try
        {
            response = await iteration.SendAsync(HttpMethod.Post, "/v1/posts", body, StadiumEndpoints.CreatePost, keepBody: true, ct,
                idempotencyKey: key).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (options.Ledger is not null && ct.IsCancellationRequested)
        {
            // The run stopped with this write in flight: whether it happened is for the verdict to find out.
            await RecordAsync(iteration, LedgerKinds.Indeterminate, key, text).ConfigureAwait(false);
            throw;
        }

        if (options.Ledger is null)
        {
            return;
        }

        if (response.Status != 201 || response.Body is null)
        {
            var kind = response switch
            {
                // The service said it did not write: a shed or a refused dependency (503), a deadline that passed before
                // the commit (504 "not applied"). Any other 5xx (500, a gateway's 502 or 504 when the node died or
                // stalled mid-request) says nothing about the commit, so its outcome is for the verdict to resolve.
                { Status: 503 } => LedgerKinds.Failed,
                { Status: 504 } when SaysNotApplied(response.Body) => LedgerKinds.Failed,
                { Status: >= 500 } => LedgerKinds.Indeterminate,

                // Refused: the request never reached a server, so there is nothing to resolve.
                { Status: 0, Error: not ErrorKind.None and not ErrorKind.ConnectionRefused } => LedgerKinds.Indeterminate,
                _ => null,
            };
            if (kind is not null)
            {
                await RecordAsync(iteration, kind, key, text).ConfigureAwait(false);
            }

            return;
        }

        using var json = JsonDocument.Parse(response.Body);
        var root = json.RootElement;
        var createdAt = root.TryGetProperty("createdAt", out var c) && c.TryGetDateTimeOffset(out var at) ? at : (DateTimeOffset?)null;
        var author = root.GetProperty("author").GetString() ?? iteration.Session.Username;
        await options.Ledger.AppendAsync(
            new LedgerEntry(root.GetProperty("id").GetInt64(), author, createdAt, iteration.Time.GetUtcNow()) { Consistency = response.Consistency }, ct).ConfigureAwait(false);
    }

    private static bool SaysNotApplied(byte[]? body) =>
        body is not null && (body.AsSpan().IndexOf("Not applied"u8) >= 0 || body.AsSpan().IndexOf("not applied"u8) >= 0);

    /// <summary>Appended whatever the run's token says: an unanswered write is exactly what a stopped run must not forget.</summary>
    private static Task RecordAsync(JourneyIteration iteration, string kind, string key, string text) =>
        iteration.Options.Ledger!.AppendAsync(
            LedgerEntry.Unacknowledged(kind, iteration.Session.Username, key, text, iteration.Time.GetUtcNow()), CancellationToken.None);
}
