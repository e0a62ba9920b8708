using System.Data.Common;
using System.Text.Json;
using Stadium.Jobs;
using Stadium.Jobs.Worker;

namespace Stadium.Service.Features.Announcements;

/// <summary>Splits an announcement's followers into batch jobs (see <see cref="AnnouncementStore.FanOutAsync"/>).</summary>
internal sealed class AnnouncementFanOutHandler(AnnouncementStore announcements, EmailOptions options) : IJobHandler
{
    public string Type => AnnouncementStore.FanOutJob;

    public async Task HandleAsync(ClaimedJob job, CancellationToken ct)
    {
        var fanOut = JsonSerializer.Deserialize<AnnouncementFanOut>(job.Payload, JsonSerializerOptions.Web)!;
        await announcements.FanOutAsync(fanOut.AnnouncementId, Math.Max(1, options.BatchSize), ct);
    }

    public Task OnDeadAsync(ClaimedJob job, string error, CancellationToken ct) =>
        announcements.MarkFailedAsync(JsonSerializer.Deserialize<AnnouncementFanOut>(job.Payload, JsonSerializerOptions.Web)!.AnnouncementId, ct);

    public Task OnRetriedAsync(JobRecord job, DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        AnnouncementStore.MarkRequeuedAsync(connection, transaction, JsonSerializer.Deserialize<AnnouncementFanOut>(job.Payload, JsonSerializerOptions.Web)!.AnnouncementId, Type, ct);
}
