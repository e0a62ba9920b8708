using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Stadium.Protection;
using Stadium.Protection.Dependencies;
using Stadium.Protection.Settings;
using Stadium.Service.Platform;
using Stadium.Service.Platform.Memory;
using Stadium.Service.Platform.Redis;

namespace Stadium.Service.Features.Auth;

/// <summary>Accounts, password logins, access and refresh tokens, revocations: "Stadium:Auth" and /v1/auth.</summary>
public static class AuthModule
{
    private const string TagDescription =
        "Accounts and sessions: register, log in for a short-lived access token and a refresh token, refresh, log out, change the password.";

    public static WebApplicationBuilder AddAuth(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSettings<AuthOptions>(AuthOptions.Section, (auth, check) => check
            .AtLeast(nameof(auth.PasswordIterations), auth.PasswordIterations, 1)
            .Positive(nameof(auth.AccessTokenLifetime), auth.AccessTokenLifetime)
            .Positive(nameof(auth.RefreshTokenLifetime), auth.RefreshTokenLifetime)
            .Positive(nameof(auth.SessionLifetime), auth.SessionLifetime)
            .AtLeast(nameof(auth.LoginConcurrency), auth.LoginConcurrency, 1)
            .AtLeast(nameof(auth.LoginQueue), auth.LoginQueue, 0)
            .AtLeast(nameof(auth.FailedLoginsPerAccountAndAddress), auth.FailedLoginsPerAccountAndAddress, 1)
            .AtLeast(nameof(auth.FailedLoginsPerAccount), auth.FailedLoginsPerAccount, 1)
            .AtLeast(nameof(auth.FailedLoginsPerAddress), auth.FailedLoginsPerAddress, 1)
            .Positive(nameof(auth.FailedLoginWindow), auth.FailedLoginWindow)
            .NotNegative(nameof(auth.RevocationPollInterval), auth.RevocationPollInterval)
            .NotEmpty(nameof(auth.Issuer), auth.Issuer)
            .NotEmpty(nameof(auth.Audience), auth.Audience));
        services.AddDataFolder();

        // Loaded (or generated into the data folder) while the node is built, so the key file exists before the node
        // serves and before any other process sharing the folder looks for it.
        var configured = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        services.AddSingleton(SigningKey.Load(configured, builder.Configuration.DataFolder()));
        services.AddSingleton<LoginRetryAdvice>();
        // With Redis the failed-login budgets are the fleet's, reached through the redis pipeline like every other call.
        services.AddSingleton(sp => new LoginThrottle(
            sp.GetRequiredService<IOptions<AuthOptions>>(), sp.GetService<IConnectionMultiplexer>(), sp.GetRequiredService<DependencyPipelines>().Redis));
        services.AddSingleton(sp => new PasswordHasher(
            sp.GetRequiredService<IOptions<AuthOptions>>(), sp.GetRequiredService<LoginRetryAdvice>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => sp.Bounded(new SessionRevocations(
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<MemoryBudget>().LimitOf(CacheNames.Revocations), sp.GetRequiredService<MemoryMetrics>())));
        services.AddSingleton(sp => new ValidatedTokenCache(sp.GetRequiredService<TimeProvider>(), MemoryRegistration.SizedCache(sp, CacheNames.Tokens)));
        if (builder.Configuration.RedisConfigured())
        {
            // Subscribed before the store's revocations are loaded, so none published in between is missed.
            services.AddHostedService<RevocationRelay>();
        }

        services.AddSingleton<RevocationSync>();
        services.AddHostedService(sp => sp.GetRequiredService<RevocationSync>());

        services.AddSingleton(sp => new AccessTokenIssuer(
            sp.GetRequiredService<SigningKey>(), sp.GetRequiredService<IOptions<AuthOptions>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<TokenService>();
        services.AddAuthorization();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<TimeProvider, SessionRevocations, SigningKey, IOptions<AuthOptions>, ValidatedTokenCache>((jwt, time, revocations, key, auth, tokens) =>
                JwtBearerSetup.Configure(jwt, time, revocations, key, auth.Value, tokens));
        services.AddLoginAdmission();
        services.AddJsonContracts(AuthJsonContext.Default);
        return builder;
    }

    /// <summary>/v1/auth: public (a login is what these endpoints give).</summary>
    public static RouteGroupBuilder MapAuth(this RouteGroupBuilder v1)
    {
        var auth = v1.MapGroup("/auth").WithTag("Auth", TagDescription)
            .AllowAnonymous().WithEndpointClass(EndpointClass.Auth);
        auth.MapPost("/register", AuthEndpoints.Register).RequireRateLimiting(LoginAdmission.PasswordHashingPolicy)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .Describe("Register", "Create an account",
                "Registers a username (3 to 32 characters of a-z, 0-9 and _), an email address and a password of 12 to 256 characters. "
                + "409 if the username is taken. Log in afterwards for tokens.");
        auth.MapPost("/login", AuthEndpoints.Login).RequireRateLimiting(LoginAdmission.PasswordHashingPolicy)
            .Describe("Login", "Log in",
                "Checks a username and password and answers an access token (a JWT; send it as `Authorization: Bearer`), its lifetime in seconds "
                + "and a refresh token. 401 for an unknown username or a wrong password (the answer does not say which); 429 with Retry-After after "
                + "too many failed logins of the account or from the address (before any password is checked); 503 with Retry-After when "
                + "password checks are at capacity.");
        auth.MapPost("/refresh", AuthEndpoints.Refresh)
            .Describe("RefreshTokens", "Refresh the tokens",
                "Trades a refresh token for a new access token and a new refresh token. A refresh token works once: using one twice ends its whole "
                + "session. 401 if it is unknown, expired, revoked or already used.");
        auth.MapPost("/logout", AuthEndpoints.Logout)
            .Describe("Logout", "Log out",
                "Ends the session the refresh token belongs to: its refresh tokens stop working and its access tokens are refused from then on. "
                + "Answers 204 whether or not the token was known.");

        // Signed in: what a user whose password or device leaked needs.
        var account = v1.MapGroup("/auth").WithTag("Auth", TagDescription)
            .WithEndpointClass(EndpointClass.Auth);
        account.MapPost("/password", AuthEndpoints.ChangePassword).RequireRateLimiting(LoginAdmission.PasswordHashingPolicy)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .Describe("ChangePassword", "Change my password",
                "Checks the current password (403 if wrong; failures count against the same budgets as logins, 429 when spent) and sets a new one "
                + "of 12 to 256 characters. Every session of the account ends, this one included, and new tokens are answered, so the caller stays "
                + "signed in and every other device or holder of an old token is signed out.");
        account.MapPost("/logout-all", AuthEndpoints.LogoutEverywhere)
            .Describe("LogoutEverywhere", "Log out everywhere",
                "Ends every session of the signed-in account, this one included: all its refresh tokens stop working and its access tokens are "
                + "refused from then on. 204.");
        return v1;
    }
}
