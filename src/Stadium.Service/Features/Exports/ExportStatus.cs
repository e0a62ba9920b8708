namespace Stadium.Service.Features.Exports;

internal static class ExportStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
}
