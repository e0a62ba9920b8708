namespace Stadium.Service.Features.Exports;

internal sealed record ExportRecord(long Id, long UserId, string Status, string? FileName, string? Error, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt);
