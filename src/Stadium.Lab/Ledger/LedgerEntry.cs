using System.Text.Json.Serialization;

namespace Stadium.Lab.Ledger;

/// <summary>One acknowledged create: the service answered 201 for it, so it must be readable afterwards.</summary>
public sealed record LedgerEntry(
    [property: JsonPropertyName("postId")] long PostId,
    [property: JsonPropertyName("author")] string Author,
    [property: JsonPropertyName("createdAt")] DateTimeOffset? CreatedAt,
    [property: JsonPropertyName("acknowledgedAt")] DateTimeOffset AcknowledgedAt);
