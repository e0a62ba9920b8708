namespace Stadium.Service.Features.Announcements;

internal sealed record Recipient(long Id, string Username, string Email);
