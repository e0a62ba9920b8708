namespace Stadium.Service.Features.Announcements;

internal static class AnnouncementStatus
{
    public const string Queued = "queued";
    public const string Sending = "sending";
    public const string Completed = "completed";
    public const string Failed = "failed";
}
