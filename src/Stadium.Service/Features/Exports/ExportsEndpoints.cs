using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Stadium.Service.Platform;

namespace Stadium.Service.Features.Exports;

internal static class ExportsEndpoints
{
    /// <summary>Queues a PDF of my profile and posts; with one already pending, answers with that one.</summary>
    internal static async Task<Results<Accepted<ExportResponse>, ProblemHttpResult>> Create(
        ClaimsPrincipal user, HttpResponse response, ExportStore exports, JobBackpressure backpressure, TimeProvider time, CancellationToken ct)
    {
        var (export, outcome) = await exports.CreateAsync(user.UserId(), time.GetUtcNow(), ct);
        if (export is null)
        {
            return backpressure.Refused(response, outcome, "exports", ExportStore.JobType);
        }

        return TypedResults.Accepted($"/v1/exports/{export.Id}", ExportResponse.From(export));
    }

    internal static async Task<Results<Ok<ExportResponse>, ProblemHttpResult>> Get(long id, ClaimsPrincipal user, ExportStore exports, CancellationToken ct)
    {
        var export = await FindOwnAsync(id, user, exports, ct);
        return export is null ? NotFound() : TypedResults.Ok(ExportResponse.From(export));
    }

    internal static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> Download(
        long id, ClaimsPrincipal user, ExportStore exports, ExportFiles files, CancellationToken ct)
    {
        var export = await FindOwnAsync(id, user, exports, ct);
        if (export is null)
        {
            return NotFound();
        }

        if (export.Status != ExportStatus.Completed || export.FileName is null || !File.Exists(files.PathOf(export.FileName)))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Export not ready",
                detail: $"The export is {export.Status}; the file can be downloaded once it is completed.");
        }

        return TypedResults.PhysicalFile(files.PathOf(export.FileName), "application/pdf", $"stadium-export-{export.Id}.pdf");
    }

    internal static ProblemHttpResult NotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Export not found", detail: "No export with this id belongs to you.");

    /// <summary>Someone else's export is indistinguishable from a missing one.</summary>
    private static async Task<ExportRecord?> FindOwnAsync(long id, ClaimsPrincipal user, ExportStore exports, CancellationToken ct) =>
        await exports.GetAsync(id, ct) is { } export && export.UserId == user.UserId() ? export : null;
}
