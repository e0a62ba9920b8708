namespace Stadium.Service.Features.Announcements;

/// <summary>
/// One email; <see cref="IdempotencyKey"/> names the (announcement, recipient) pair and never changes between re-runs.
/// <see cref="UnsubscribeUrl"/>, when set, goes into List-Unsubscribe with RFC 8058's one-click List-Unsubscribe-Post.
/// </summary>
internal sealed record OutgoingEmail(string IdempotencyKey, string To, string Subject, string Body, string? UnsubscribeUrl = null);
