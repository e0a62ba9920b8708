namespace Stadium.Service.Features.Announcements;

/// <summary>One email; <see cref="IdempotencyKey"/> names the (announcement, recipient) pair and never changes between re-runs.</summary>
internal sealed record OutgoingEmail(string IdempotencyKey, string To, string Subject, string Body);
