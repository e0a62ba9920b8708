namespace Stadium.Service.Features.Auth;

/// <summary>"Stadium:Auth": password hashing, tokens, login admission and revocation polling.</summary>
public sealed class AuthOptions
{
    public const string Section = "Stadium:Auth";

    /// <summary>PBKDF2-HMAC-SHA256 iterations; OWASP's 2023+ recommendation is 600,000.</summary>
    public int PasswordIterations { get; set; } = 600_000;

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How long a session lasts from its login however often it is refreshed (OWASP's absolute timeout): past it the
    /// refresh token is refused and the user logs in again. Each refresh token expires at the earlier of the two.
    /// </summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Base64 HMAC key (>= 32 bytes). When empty, one is generated once and kept in the data folder.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Concurrent password hashes. Half the cores by default so a login storm leaves the rest to reads.</summary>
    public int LoginConcurrency { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Logins allowed to wait for a hashing slot; beyond it the answer is 503 with Retry-After.</summary>
    public int LoginQueue { get; set; } = 4;

    /// <summary>Failed logins of one account from one address before that address is refused for it (429).</summary>
    public int FailedLoginsPerAccountAndAddress { get; set; } = 10;

    /// <summary>
    /// Failed logins of one account from all addresses together before its logins are refused (429) from everywhere
    /// until the budget refills: guessing spread over many addresses. Ten times the per-address budget, so one address
    /// cannot lock an account's owner out.
    /// </summary>
    public int FailedLoginsPerAccount { get; set; } = 100;

    /// <summary>Failed logins from one address, any accounts, before the address is refused.</summary>
    public int FailedLoginsPerAddress { get; set; } = 100;

    /// <summary>The time over which each failed-login budget refills completely (one failure every window / budget).</summary>
    public TimeSpan FailedLoginWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How often a node reloads new revocations (logouts, stolen-token detections) from the store. Redis, when
    /// configured, relays them at once; this bounds how long nodes without it can disagree. Zero: load at start only.
    /// </summary>
    public TimeSpan RevocationPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    public string Issuer { get; set; } = "stadium";

    public string Audience { get; set; } = "stadium-api";
}
