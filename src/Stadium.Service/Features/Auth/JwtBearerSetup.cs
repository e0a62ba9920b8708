using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Stadium.Service.Features.Auth;

/// <summary>How access tokens are checked: signature, issuer, audience, lifetime on the injected clock, and the session not revoked.</summary>
internal static class JwtBearerSetup
{
    public static void Configure(
        JwtBearerOptions jwt, TimeProvider time, SessionRevocations revocations, SigningKey signingKey, AuthOptions auth, ValidatedTokenCache tokens)
    {
        jwt.MapInboundClaims = false;
        jwt.TokenHandlers.Clear();
        jwt.TokenHandlers.Add(tokens);
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = auth.Issuer,
            ValidAudience = auth.Audience,
            IssuerSigningKey = signingKey.Key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = TimeSpan.Zero,
            // Lifetime against the injected clock, so tests can expire tokens without waiting.
            LifetimeValidator = (notBefore, expires, _, _) =>
            {
                var now = time.GetUtcNow().UtcDateTime;
                return (notBefore is null || notBefore <= now) && expires is { } e && now < e;
            },
        };
        jwt.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                var sid = context.Principal?.FindFirst(TokenService.SessionClaim)?.Value;
                if (sid is null || !Guid.TryParse(sid, out var session) || revocations.IsRevoked(session))
                {
                    context.Fail("Session revoked.");
                }
                else if (!long.TryParse(context.Principal?.FindFirst(JwtRegisteredClaimNames.Sub)?.Value, System.Globalization.NumberStyles.None,
                    System.Globalization.CultureInfo.InvariantCulture, out _))
                {
                    // Only a holder of the signing key can mint one, but the handlers read the subject as a user id.
                    context.Fail("The token's subject is not a user id.");
                }

                return Task.CompletedTask;
            },
        };
    }
}
