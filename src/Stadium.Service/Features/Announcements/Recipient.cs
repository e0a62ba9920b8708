namespace Stadium.Service.Features.Announcements;

/// <param name="Announcements">Whether they take announcement emails (false: turned off since the fan-out listed them).</param>
internal sealed record Recipient(long Id, string Username, string Email, bool Announcements);
