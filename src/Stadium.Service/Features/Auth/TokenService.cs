using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Stadium.Data;
using Stadium.Service.Platform;

namespace Stadium.Service.Features.Auth;

/// <summary>
/// Issues short-lived signed access tokens and rotating refresh tokens. Refresh tokens are random,
/// stored only as SHA-256 hashes, single-use, and grouped in a family (one login); presenting a
/// used one revokes the whole family, the standard defence against a stolen refresh token.
/// </summary>
internal sealed class TokenService(
    ISessionStore sessions,
    SessionRevocations revocations,
    AccessTokenIssuer accessTokens,
    IOptions<AuthOptions> options,
    TimeProvider time)
{
    public const string SessionClaim = "sid";

    private AuthOptions Auth => options.Value;

    public async Task<TokenResponse> IssueAsync(long userId, string username, CancellationToken ct)
    {
        var family = Guid.NewGuid();
        var (refreshToken, session) = NewRefresh(userId, family);
        await sessions.CreateAsync(session, ct);
        return Respond(userId, username, family, refreshToken);
    }

    public async Task<RefreshOutcome> RefreshAsync(string refreshToken, Func<long, CancellationToken, Task<string?>> usernameOf, CancellationToken ct)
    {
        var hash = HashToken(refreshToken);
        var current = await sessions.FindAsync(hash, ct);
        var now = time.GetUtcNow();
        if (current is null || current.RevokedAt is not null || current.ExpiresAt <= now)
        {
            return RefreshOutcome.Invalid;
        }

        if (current.UsedAt is not null)
        {
            await RevokeFamilyAsync(current.FamilyId, ct);
            return RefreshOutcome.Invalid;
        }

        // The session's absolute end: refreshing keeps it alive only until SessionLifetime after its login.
        var ends = (await sessions.SessionStartedAsync(current.FamilyId, ct) ?? current.CreatedAt) + Auth.SessionLifetime;
        if (ends <= now)
        {
            return RefreshOutcome.Invalid;
        }

        var (next, session) = NewRefresh(current.UserId, current.FamilyId, ends);
        if (!await sessions.RotateAsync(hash, session, now, ct))
        {
            // Lost a race with another use of the same token: that is reuse too.
            await RevokeFamilyAsync(current.FamilyId, ct);
            return RefreshOutcome.Invalid;
        }

        var username = await usernameOf(current.UserId, ct);
        return username is null ? RefreshOutcome.Invalid : new RefreshOutcome(Respond(current.UserId, username, current.FamilyId, next));
    }

    public async Task LogoutAsync(string refreshToken, CancellationToken ct)
    {
        var current = await sessions.FindAsync(HashToken(refreshToken), ct);
        if (current is not null)
        {
            await RevokeFamilyAsync(current.FamilyId, ct);
        }
    }

    /// <summary>Ends every session of the user: their refresh tokens stop working and their access tokens are refused.</summary>
    public async Task EndAllSessionsAsync(long userId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        foreach (var family in await sessions.RevokeUserAsync(userId, now, ct))
        {
            revocations.Revoke(family, now + Auth.AccessTokenLifetime);
        }
    }

    private async Task RevokeFamilyAsync(Guid family, CancellationToken ct)
    {
        await sessions.RevokeFamilyAsync(family, time.GetUtcNow(), ct);
        revocations.Revoke(family, time.GetUtcNow() + Auth.AccessTokenLifetime);
    }

    private TokenResponse Respond(long userId, string username, Guid family, string refreshToken) =>
        new(accessTokens.Create(userId, username, family, Auth.AccessTokenLifetime), refreshToken, (int)Auth.AccessTokenLifetime.TotalSeconds);

    private (string Token, RefreshSession Session) NewRefresh(long userId, Guid family, DateTimeOffset? sessionEnds = null)
    {
        var token = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        var expires = now + (Auth.RefreshTokenLifetime < Auth.SessionLifetime ? Auth.RefreshTokenLifetime : Auth.SessionLifetime);
        return (token, new RefreshSession(HashToken(token), family, userId, now, sessionEnds < expires ? sessionEnds.Value : expires, null, null));
    }

    private static byte[] HashToken(string token) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token));
}
