using Stadium.Service.Platform;

namespace Stadium.Service.Features.Users;

[OpenApiExample("""{"displayName":"Ada Lovelace","bio":"Notes on the Analytical Engine."}""")]
public sealed record UpdateProfileRequest(string? DisplayName, string? Bio) : IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        errors.CheckText("displayName", DisplayName, 0, 64, required: false);
        errors.CheckText("bio", Bio, 0, 280, required: false);
    }
}
