using Microsoft.AspNetCore.Authentication.JwtBearer;
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

                return Task.CompletedTask;
            },
        };
    }
}
