using Stadium.Service.Platform;

namespace Stadium.Service.Features.Auth;

[OpenApiExample("""{"currentPassword":"correct horse battery","newPassword":"battery staple horse correct"}""")]
public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword) : IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        errors.CheckText("currentPassword", CurrentPassword, 1, 256);
        errors.CheckText("newPassword", NewPassword, 12, 256);
    }
}
