namespace Stadium.Service.Features.Auth;

/// <summary>How a password compared with its stored hash; a success on weaker parameters than today's asks for a rehash.</summary>
public enum PasswordCheck
{
    Failed,
    Succeeded,
    SucceededNeedsRehash,
}
