using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Stadium.Jobs;
using Stadium.Jobs.Worker;
using Stadium.Protection;
using Stadium.Service.Platform;
using Stadium.Service.Platform.Retention;

namespace Stadium.Service.Features.Exports;

/// <summary>PDF exports of my profile and posts, produced by a job: /v1/exports (login required) and the export.pdf handler.</summary>
public static class ExportsModule
{
    /// <summary>The export job type's bounds: one pending export per user, low priority, two at a time.</summary>
    internal static readonly JobTypeDefaults JobType = new(ExportStore.JobType, () => new JobTypeOptions
    {
        MaxPending = 10_000,
        PerUserMaxPending = 1,
        Concurrency = 2,
        LowPriority = true,
        MaxAttempts = 5,
        Lease = TimeSpan.FromMinutes(2),
    });

    /// <summary>The store and the job handler; API nodes and workers (`stadium work`) alike.</summary>
    public static WebApplicationBuilder AddExports(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddDataFolder();
        services.AddSingleton(JobType);
        services.AddSingleton<ExportStore>();
        services.AddSingleton<ExportPdfWriter>();
        services.AddSingleton(sp => new ExportFiles(Path.Combine(sp.GetRequiredService<IOptions<DataFolderOptions>>().Value.DataFolder, "exports")));
        services.AddSingleton<IJobHandler, ExportJobHandler>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRetentionSweep, ExportSweep>());
        return builder;
    }

    public static RouteGroupBuilder MapExports(this RouteGroupBuilder v1)
    {
        var exports = v1.MapGroup("").WithTag("Exports", "PDF copies of my profile and posts, built in the background.")
            .WithEndpointClass(EndpointClass.Bulk);
        exports.MapPost("/exports", ExportsEndpoints.Create)
            .Describe("CreateExport", "Export my profile and posts",
                "Queues a PDF of my profile and all my posts and answers 202 with the export to poll (its Location); while one is still pending, "
                + "answers with that one instead of queuing another. 503 with Retry-After when the job queue is full.");
        exports.MapById(HttpMethods.Get, "/exports/{id}", ExportsEndpoints.Get, ExportsEndpoints.NotFound)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Describe("GetExport", "Get one of my exports",
                "Its status (queued, running, completed or failed), when it was asked for and finished, and the error if it failed. "
                + "404 for an id that is not one of mine.");
        exports.MapById(HttpMethods.Get, "/exports/{id}/file", ExportsEndpoints.Download, ExportsEndpoints.NotFound)
            .Produces(StatusCodes.Status200OK, typeof(Stream), "application/pdf")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .Describe("DownloadExport", "Download an export's PDF",
                "The PDF of a completed export. 409 while it is not completed yet, 404 for an id that is not one of mine.");
        return v1;
    }
}
