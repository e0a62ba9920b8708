using System.Text.Json.Serialization;

namespace Stadium.Lab.Ledger;

/// <summary>
/// One create the generator sent. Without <see cref="Kind"/> it is acknowledged (the service answered 201), so it must be
/// readable afterwards; those lines hold only the four positional fields, as ledgers always have.
/// <see cref="LedgerKinds.Indeterminate"/>: the answer was lost (timeout, reset, connection closed), so the write may or
/// may not have happened; <see cref="LedgerKinds.Failed"/>: the service answered with an error (5xx), so it must not
/// have. Both carry the author, the request's idempotency key and the exact text, which is how
/// <see cref="WriteResolver"/> finds them among the author's posts (their <see cref="PostId"/> is 0).
/// <see cref="Consistency"/> is an extension: the read-your-writes token the write's answer carried, when it carried one.
/// </summary>
public sealed record LedgerEntry(
    [property: JsonPropertyName("postId")] long PostId,
    [property: JsonPropertyName("author")] string Author,
    [property: JsonPropertyName("createdAt")] DateTimeOffset? CreatedAt,
    [property: JsonPropertyName("acknowledgedAt")] DateTimeOffset AcknowledgedAt)
{
    [JsonPropertyName("kind")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Kind { get; init; }

    [JsonPropertyName("idempotencyKey")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? IdempotencyKey { get; init; }

    [JsonPropertyName("text")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Text { get; init; }

    /// <summary>
    /// The <c>Stadium-Consistency</c> header of the write's answer (the WAL position it reached, hex), on services whose
    /// reads may come from a replica; a read that sends it back is served only by a store that far along. Null when the
    /// answer had none (the embedded store, another service) and in ledgers written before the field existed.
    /// </summary>
    [JsonPropertyName("consistency")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Consistency { get; init; }

    [JsonIgnore]
    public bool IsAcknowledged => Kind is null;

    /// <summary>A write whose answer never came or was an error; <paramref name="at"/> is when the generator gave up on it.</summary>
    public static LedgerEntry Unacknowledged(string kind, string author, string idempotencyKey, string text, DateTimeOffset at) =>
        new(0, author, null, at) { Kind = kind, IdempotencyKey = idempotencyKey, Text = text };
}
