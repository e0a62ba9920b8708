using Stadium.Service.Platform;

namespace Stadium.Service.Features.Announcements;

[OpenApiExample("""{"subject":"New notes on the Engine","body":"I have published my translation of Menabrea's memoir, with notes."}""")]
public sealed record CreateAnnouncementRequest(string? Subject, string? Body) : IValidatable
{
    public const int MaxSubjectLength = 200;
    public const int MaxBodyLength = 10_000;

    public void Validate(ValidationErrors errors)
    {
        errors.CheckText("subject", Subject, 1, MaxSubjectLength, singleLine: true);
        errors.CheckText("body", Body, 1, MaxBodyLength);
    }
}
