using Stadium.Service.Platform;

namespace Stadium.Service.Features.Auth;

[OpenApiExample("""{"username":"ada_lovelace","password":"correct horse battery"}""")]
public sealed record LoginRequest(string? Username, string? Password) : IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        errors.CheckText("username", Username, 1, 64);
        errors.CheckText("password", Password, 1, 256);
    }
}
