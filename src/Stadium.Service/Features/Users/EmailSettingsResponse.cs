using Stadium.Service.Platform;

namespace Stadium.Service.Features.Users;

/// <summary>My email address and whether I get announcement emails from the accounts I follow.</summary>
[OpenApiExample("""{"email":"ada@example.com","announcements":true}""")]
public sealed record EmailSettingsResponse(string Email, bool Announcements);
