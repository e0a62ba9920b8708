using Stadium.Service.Platform;

namespace Stadium.Service.Features.Auth;

public sealed record RefreshRequest(string? RefreshToken) : IValidatable
{
    public void Validate(ValidationErrors errors) => errors.CheckText("refreshToken", RefreshToken, 1, 512);
}
