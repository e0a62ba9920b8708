namespace Stadium.Service.Features.Auth;

/// <summary>What a refresh gave: new tokens, or none when the refresh token is unknown, expired, revoked or already used.</summary>
internal sealed record RefreshOutcome(TokenResponse? Tokens)
{
    public static readonly RefreshOutcome Invalid = new((TokenResponse?)null);
}
