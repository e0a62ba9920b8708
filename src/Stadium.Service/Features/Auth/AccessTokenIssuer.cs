using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Stadium.Service.Platform;

namespace Stadium.Service.Features.Auth;

/// <summary>Signs access tokens (HS256) carrying the user id, username and session id.</summary>
public sealed class AccessTokenIssuer(SigningKey signingKey, IOptions<AuthOptions> options, TimeProvider time)
{
    private static readonly JsonWebTokenHandler Handler = new();

    /// <summary>For the CLI's tokens verb, which reads the whole "Stadium" section at once.</summary>
    public AccessTokenIssuer(SigningKey signingKey, IOptions<StadiumOptions> stadium, TimeProvider time)
        : this(signingKey, Options.Create(stadium.Value.Auth), time)
    {
    }

    /// <summary>
    /// A signed access token for a session id. Login uses it; the load lab's benchmarks use it to
    /// authenticate thousands of seeded users without paying 250 ms of PBKDF2 per user.
    /// </summary>
    public string Create(long userId, string username, Guid session, TimeSpan lifetime)
    {
        var now = time.GetUtcNow();
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = options.Value.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            Subject = new ClaimsIdentity(
            [
                new Claim(JwtRegisteredClaimNames.Sub, userId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(JwtRegisteredClaimNames.UniqueName, username),
                new Claim(TokenService.SessionClaim, session.ToString()),
            ]),
            SigningCredentials = new SigningCredentials(signingKey.Key, SecurityAlgorithms.HmacSha256),
        };
        return Handler.CreateToken(descriptor);
    }
}
