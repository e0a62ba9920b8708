using System.Data.Common;
using System.Text.Json;
using Stadium.Jobs;
using Stadium.Jobs.Worker;

namespace Stadium.Service.Features.Announcements;

/// <summary>Splits an announcement's followers into batch jobs (see <see cref="AnnouncementStore.FanOutAsync"/>).</summary>
public sealed class AnnouncementFanOutHandler(AnnouncementStore announcements, EmailOptions options) : IJobHandler
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

/// <summary>
/// Sends one batch. Exactly one email per recipient across re-runs: recipients with a recorded delivery are
/// skipped, every email carries the (announcement, recipient) key, and the delivery is recorded right after
/// the send. The file-drop provider cannot duplicate even in the gap between send and record (the key is the
/// file name); over SMTP that gap can resend one message per crash, with the same Message-Id.
/// </summary>
public sealed class AnnouncementBatchHandler(AnnouncementStore announcements, EmailDelivery delivery, TimeProvider time) : IJobHandler
{
    public string Type => AnnouncementStore.BatchJob;

    public async Task HandleAsync(ClaimedJob job, CancellationToken ct)
    {
        var batch = JsonSerializer.Deserialize<AnnouncementBatch>(job.Payload, JsonSerializerOptions.Web)!;
        var announcement = await announcements.GetAsync(batch.AnnouncementId, ct)
            ?? throw new InvalidOperationException($"Announcement {batch.AnnouncementId} no longer exists.");
        var pending = await announcements.PendingRecipientsAsync(batch.AnnouncementId, batch.RecipientIds, ct);
        if (pending.Count == 0)
        {
            return;
        }

        await using var session = await delivery.OpenAsync(ct);
        foreach (var recipient in pending)
        {
            var email = new OutgoingEmail(
                $"announcement-{announcement.Id}-{recipient.Id}",
                recipient.Email,
                announcement.Subject,
                $"Hi @{recipient.Username},\n\n@{announcement.Author} announces:\n\n{announcement.Body}\n\n" +
                $"You receive this because you follow @{announcement.Author} on Stadium.\n");
            await delivery.SendAsync(session, email, ct);
            await announcements.RecordDeliveryAsync(announcement.Id, recipient.Id, delivery.Sender.Name, time.GetUtcNow(), CancellationToken.None);
        }
    }

    public Task OnDeadAsync(ClaimedJob job, string error, CancellationToken ct) =>
        announcements.MarkFailedAsync(JsonSerializer.Deserialize<AnnouncementBatch>(job.Payload, JsonSerializerOptions.Web)!.AnnouncementId, ct);

    public Task OnRetriedAsync(JobRecord job, DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        AnnouncementStore.MarkRequeuedAsync(connection, transaction, JsonSerializer.Deserialize<AnnouncementBatch>(job.Payload, JsonSerializerOptions.Web)!.AnnouncementId, Type, ct);
}
