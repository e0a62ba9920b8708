namespace Stadium.Service.Features.Announcements;

/// <summary>The fan-out job: split the author's followers into batches.</summary>
internal sealed record AnnouncementFanOut(long AnnouncementId);
