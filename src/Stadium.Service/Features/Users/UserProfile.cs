using Stadium.Service.Platform;

namespace Stadium.Service.Features.Users;

[OpenApiExample("""{"id":42,"username":"ada_lovelace","displayName":"Ada Lovelace","bio":"Notes on the Analytical Engine.","followers":120,"following":35,"posts":12}""")]
public sealed record UserProfile(long Id, string Username, string DisplayName, string Bio, int Followers, int Following, int Posts);
