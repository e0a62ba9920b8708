using Stadium.Service.Platform;

namespace Stadium.Service.Features.Announcements;

public sealed record CreateAnnouncementRequest(string? Subject, string? Body) : IValidatable
{
    public const int MaxSubjectLength = 200;
    public const int MaxBodyLength = 10_000;

    public void Validate(ValidationErrors errors)
    {
        errors.CheckText("subject", Subject, 1, MaxSubjectLength, singleLine: true);
        errors.CheckText("body", Body, 1, MaxBodyLength);
    }
}

/// <summary>
/// <c>status</c>: queued (waiting for fan-out), sending (batches out), completed (every recipient has one
/// delivery, or was found undeliverable) or failed (a job was dead-lettered; it can be retried from the dead letters).
/// <c>undeliverable</c>: recipients whose address no provider will take (they get no email).
/// </summary>
public sealed record AnnouncementResponse(long Id, string Status, int Recipients, int Delivered, DateTimeOffset CreatedAt, int Undeliverable = 0);

/// <param name="JobsPending">Whether a job of the announcement (its fan-out or a batch) is waiting or running.</param>
public sealed record AnnouncementRecord(long Id, long AuthorId, string Author, string Subject, string Body, string Status, int Recipients, int Delivered, DateTimeOffset CreatedAt,
    int Undeliverable = 0, bool JobsPending = true)
{
    /// <summary>
    /// Completion is a count, not a write: the last batch need not know it is last. And an announcement still queued
    /// or sending with none of its jobs waiting or running lost one to the dead letters without the hook that marks
    /// it failed (that hook is a transaction of its own, and the worker can die before it): it is failed, and says so
    /// instead of "sending" for ever.
    /// </summary>
    public string EffectiveStatus => Status switch
    {
        AnnouncementStatus.Sending when Delivered + Undeliverable >= Recipients => AnnouncementStatus.Completed,
        AnnouncementStatus.Queued or AnnouncementStatus.Sending when !JobsPending => AnnouncementStatus.Failed,
        _ => Status,
    };

    public AnnouncementResponse ToResponse() => new(Id, EffectiveStatus, Recipients, Delivered, CreatedAt, Undeliverable);
}

public static class AnnouncementStatus
{
    public const string Queued = "queued";
    public const string Sending = "sending";
    public const string Completed = "completed";
    public const string Failed = "failed";
}

/// <summary>The fan-out job: split the author's followers into batches.</summary>
public sealed record AnnouncementFanOut(long AnnouncementId);

/// <summary>One batch job: send to these recipients.</summary>
public sealed record AnnouncementBatch(long AnnouncementId, long[] RecipientIds);

public sealed record Recipient(long Id, string Username, string Email);
