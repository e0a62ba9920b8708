namespace Stadium.Jobs;

/// <summary>A job a worker holds under a lease. <see cref="Attempt"/> with <see cref="WorkerId"/> fences it: once the lease is lost, nothing this holder reports counts.</summary>
public sealed record ClaimedJob(
    long Id,
    string Type,
    string Payload,
    long? UserId,
    int Attempt,
    int MaxAttempts,
    DateTimeOffset RunAt,
    string WorkerId);
