namespace Stadium.Service.Features.Exports;

/// <summary>An export as its owner sees it; <c>status</c> is one of <see cref="ExportStatus"/>.</summary>
public sealed record ExportResponse(long Id, string Status, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt, string? Error)
{
    internal static ExportResponse From(ExportRecord export) =>
        new(export.Id, export.Status, export.CreatedAt, export.CompletedAt, export.Error);
}

public static class ExportStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
}

public sealed record ExportRecord(long Id, long UserId, string Status, string? FileName, string? Error, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt);

/// <summary>The export job's payload.</summary>
public sealed record ExportJob(long ExportId, long UserId);
