using Stadium.Service.Platform;

namespace Stadium.Service.Features.Auth;

[OpenApiExample("""{"id":42,"username":"ada_lovelace"}""")]
public sealed record RegisteredUser(long Id, string Username);
