using Stadium.Service.Platform;

namespace Stadium.Service.Features.Exports;

/// <summary>An export as its owner sees it; <c>status</c> is one of <see cref="ExportStatus"/>.</summary>
[OpenApiExample("""{"id":7,"status":"completed","createdAt":"2026-12-01T09:30:00+00:00","completedAt":"2026-12-01T09:30:04+00:00","error":null}""")]
public sealed record ExportResponse(long Id, string Status, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt, string? Error)
{
    internal static ExportResponse From(ExportRecord export) =>
        new(export.Id, export.Status, export.CreatedAt, export.CompletedAt, export.Error);
}
