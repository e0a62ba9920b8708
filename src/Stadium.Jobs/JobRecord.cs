namespace Stadium.Jobs;

/// <summary>A job as stored, for inspection (dead letters, tests).</summary>
public sealed record JobRecord(
    long Id,
    string Type,
    string Payload,
    long? UserId,
    string? UniqueKey,
    int Priority,
    string State,
    int Attempt,
    int MaxAttempts,
    DateTimeOffset RunAt,
    string? LastError);
