namespace Stadium.Service.Features.Exports;

/// <summary>The export job's payload.</summary>
internal sealed record ExportJob(long ExportId, long UserId);
