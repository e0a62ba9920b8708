namespace Stadium.Service.Features.Announcements;

/// <summary>One batch job: send to these recipients.</summary>
internal sealed record AnnouncementBatch(long AnnouncementId, long[] RecipientIds);
