namespace Stadium.Service.Features.Announcements;

/// <param name="JobsPending">Whether a job of the announcement (its fan-out or a batch) is waiting or running.</param>
internal sealed record AnnouncementRecord(long Id, long AuthorId, string Author, string Subject, string Body, string Status, int Recipients, int Delivered, DateTimeOffset CreatedAt,
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
