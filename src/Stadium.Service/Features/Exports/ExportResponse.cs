namespace Stadium.Service.Features.Exports;

/// <summary>An export as its owner sees it; <c>status</c> is one of <see cref="ExportStatus"/>.</summary>
public sealed record ExportResponse(long Id, string Status, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt, string? Error)
{
    internal static ExportResponse From(ExportRecord export) =>
        new(export.Id, export.Status, export.CreatedAt, export.CompletedAt, export.Error);
}
