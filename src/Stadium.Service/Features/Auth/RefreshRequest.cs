using Stadium.Service.Platform;

namespace Stadium.Service.Features.Auth;

[OpenApiExample("""{"refreshToken":"q3kJ9vY2mB7xT1pL5sW8nR4aE6dH0fGcZuNiOyXw2Ab"}""")]
public sealed record RefreshRequest(string? RefreshToken) : IValidatable
{
    public void Validate(ValidationErrors errors) => errors.CheckText("refreshToken", RefreshToken, 1, 512);
}
