using Stadium.Service.Platform;

namespace Stadium.Service.Features.Users;

[OpenApiExample("""{"announcements":false}""")]
public sealed record UpdateEmailSettingsRequest(bool? Announcements) : IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        if (Announcements is null)
        {
            errors.Add("announcements", "Required: true to get announcement emails from the accounts I follow, false to stop them.");
        }
    }
}
