using Stadium.Service.Platform;

namespace Stadium.Service.Features.Announcements;

/// <summary>
/// <c>status</c>: queued (waiting for fan-out), sending (batches out), completed (every recipient has one
/// delivery, or was found undeliverable) or failed (a job was dead-lettered; it can be retried from the dead letters).
/// <c>undeliverable</c>: recipients whose address no provider will take (they get no email).
/// </summary>
[OpenApiExample("""{"id":3,"status":"sending","recipients":120,"delivered":80,"createdAt":"2026-12-01T09:30:00+00:00","undeliverable":1}""")]
public sealed record AnnouncementResponse(long Id, string Status, int Recipients, int Delivered, DateTimeOffset CreatedAt, int Undeliverable = 0);
