using System.Text.Json;
using Stadium.Lab.Ledger;

namespace Stadium.Lab.Journeys.Actions;

/// <summary>Writes a post (with an Idempotency-Key, as a client that may retry does); a created one goes to the write ledger.</summary>
internal sealed class CreatePostAction : IJourneyAction
{
    public string Name => "createPost";

    public IReadOnlyList<string> Aliases => ["post"];

    public async Task RunAsync(JourneyIteration iteration, CancellationToken ct)
    {
        var options = iteration.Options;
        var text = options.PostBodies.NextText(iteration.Random);
        var body = JsonSerializer.Serialize(new Dictionary<string, string> { ["text"] = text });
        var response = await iteration.SendAsync(HttpMethod.Post, "/v1/posts", body, StadiumEndpoints.CreatePost, keepBody: true, ct,
            idempotencyKey: Guid.NewGuid().ToString("N")).ConfigureAwait(false);
        if (response.Status != 201 || response.Body is null || options.Ledger is null)
        {
            return;
        }

        using var json = JsonDocument.Parse(response.Body);
        var root = json.RootElement;
        var createdAt = root.TryGetProperty("createdAt", out var c) && c.TryGetDateTimeOffset(out var at) ? at : (DateTimeOffset?)null;
        var author = root.GetProperty("author").GetString() ?? iteration.Session.Username;
        await options.Ledger.AppendAsync(
            new LedgerEntry(root.GetProperty("id").GetInt64(), author, createdAt, iteration.Time.GetUtcNow()), ct).ConfigureAwait(false);
    }
}
