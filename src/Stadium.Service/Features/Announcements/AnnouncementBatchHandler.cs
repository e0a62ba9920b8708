using System.Data.Common;
using System.Text.Json;
using Stadium.Jobs;
using Stadium.Jobs.Worker;

namespace Stadium.Service.Features.Announcements;

/// <summary>
/// Sends one batch. One email per recipient across re-runs: recipients with a recorded delivery are skipped,
/// a recipient the provider will never take is recorded as undeliverable (and the batch goes on to the next),
/// every email carries the (announcement, recipient) key, and each delivery is recorded right after its send,
/// before the next send, in a write fenced by the batch's lease. The file-drop provider cannot duplicate even
/// in the gap between send and record (the key is the file name). Over SMTP that gap is the at-least-once
/// window: a worker that dies (or fails to record) after the server accepted a message and before the record
/// commits resends that one message on the re-run, with the same Message-Id. So a crash duplicates at most
/// the one message in flight per running batch, and a worker that stalled past its lease stops at its next
/// record (it sends at most that one message more) instead of racing the new holder until its next heartbeat.
/// </summary>
internal sealed class AnnouncementBatchHandler(AnnouncementStore announcements, EmailDelivery delivery, UnsubscribeLinks unsubscribe, TimeProvider time) : IJobHandler
{
    public string Type => AnnouncementStore.BatchJob;

    public async Task HandleAsync(ClaimedJob job, CancellationToken ct)
    {
        var batch = JsonSerializer.Deserialize<AnnouncementBatch>(job.Payload, JsonSerializerOptions.Web)!;
        var announcement = await announcements.GetAsync(batch.AnnouncementId, ct)
            ?? throw new InvalidOperationException($"Announcement {batch.AnnouncementId} no longer exists.");
        var pending = await announcements.PendingRecipientsAsync(batch.AnnouncementId, batch.RecipientIds, ct);
        // Who turned announcement emails off since the fan-out listed them: recorded as done, nothing sent.
        foreach (var recipient in pending.Where(r => !r.Announcements))
        {
            if (!await announcements.RecordDeliveryAsync(job, announcement.Id, recipient.Id, AnnouncementStore.Unsubscribed, time.GetUtcNow(), ct))
            {
                throw new JobLeaseLostException(job);
            }
        }

        pending.RemoveAll(r => !r.Announcements);
        if (pending.Count == 0)
        {
            return;
        }

        await using var session = await delivery.OpenAsync(ct);
        foreach (var recipient in pending)
        {
            var link = unsubscribe.LinkFor(recipient.Id);
            var email = new OutgoingEmail(
                $"announcement-{announcement.Id}-{recipient.Id}",
                recipient.Email,
                announcement.Subject,
                $"Hi @{recipient.Username},\n\n@{announcement.Author} announces:\n\n{announcement.Body}\n\n" +
                $"You receive this because you follow @{announcement.Author} on Stadium.\n" +
                $"To stop announcement emails from everyone you follow: {link}\n",
                link);
            var provider = delivery.Sender.Name;
            try
            {
                await delivery.SendAsync(session, email, ct);
            }
            catch (UndeliverableEmailException)
            {
                // Recorded like a delivery (the recipient is done: a re-run does not try again) but counted apart.
                provider = AnnouncementStore.Undeliverable;
            }

            // Not cancellable: once the provider has the message, the record is what keeps a re-run from sending it again.
            if (!await announcements.RecordDeliveryAsync(job, announcement.Id, recipient.Id, provider, time.GetUtcNow(), CancellationToken.None))
            {
                throw new JobLeaseLostException(job);
            }
        }
    }

    public Task OnDeadAsync(ClaimedJob job, string error, CancellationToken ct) =>
        announcements.MarkFailedAsync(JsonSerializer.Deserialize<AnnouncementBatch>(job.Payload, JsonSerializerOptions.Web)!.AnnouncementId, ct);

    public Task OnRetriedAsync(JobRecord job, DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        AnnouncementStore.MarkRequeuedAsync(connection, transaction, JsonSerializer.Deserialize<AnnouncementBatch>(job.Payload, JsonSerializerOptions.Web)!.AnnouncementId, Type, ct);
}
