using System.Net.Mail;
using Stadium.Service.Features.Users;
using Stadium.Service.Platform;

namespace Stadium.Service.Features.Auth;

[OpenApiExample("""{"username":"ada_lovelace","email":"ada@example.com","password":"correct horse battery"}""")]
public sealed record RegisterRequest(string? Username, string? Email, string? Password) : IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        if (!Users.Username.IsValid(Username))
        {
            errors.Add("username", Users.Username.Rule);
        }

        if (Email is null || Email.Length > 254 || !MailAddress.TryCreate(Email, out var email) || email.Address != Email)
        {
            errors.Add("email", "Must be a valid email address of at most 254 characters.");
        }

        errors.CheckText("password", Password, 12, 256);
    }
}
