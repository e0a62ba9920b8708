namespace Stadium.Service.Platform;

/// <summary>Everything under the "Stadium" configuration section; each key also works as Stadium__Key.</summary>
public sealed class StadiumOptions
{
    public const string Section = "Stadium";

    /// <summary>Folder for the SQLite file, the signing key and other local state.</summary>
    public string DataFolder { get; set; } = ".data";

    /// <summary>The embedded store's file inside <see cref="DataFolder"/>.</summary>
    public string SqlitePath => Path.Combine(DataFolder, "stadium.db");

    /// <summary>Which store: "Sqlite" (embedded default) or "Postgres" (primary + replicas).</summary>
    public Stadium.Data.StoreOptions Store { get; set; } = new();

    public AuthOptions Auth { get; set; } = new();

    public FeedOptions Feed { get; set; } = new();

    public CacheOptions Cache { get; set; } = new();

    /// <summary>Redis as cache L2, backplane, timeline store and revocation bus; off when its configuration is empty.</summary>
    public Redis.RedisOptions Redis { get; set; } = new();

    public LimitOptions Limits { get; set; } = new();
}

public sealed class AuthOptions
{
    /// <summary>PBKDF2-HMAC-SHA256 iterations; OWASP's 2023+ recommendation is 600,000.</summary>
    public int PasswordIterations { get; set; } = 600_000;

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Base64 HMAC key (>= 32 bytes). When empty, one is generated once and kept in the data folder.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Concurrent password hashes. Half the cores by default so a login storm leaves the rest to reads.</summary>
    public int LoginConcurrency { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Logins allowed to wait for a hashing slot; beyond it the answer is 503 with Retry-After.</summary>
    public int LoginQueue { get; set; } = 4;

    /// <summary>
    /// How often a node reloads new revocations (logouts, stolen-token detections) from the store. Redis, when
    /// configured, relays them at once; this bounds how long nodes without it can disagree. Zero: load at start only.
    /// </summary>
    public TimeSpan RevocationPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    public string Issuer { get; set; } = "stadium";

    public string Audience { get; set; } = "stadium-api";
}

public sealed class FeedOptions
{
    /// <summary>Entries kept per home timeline.</summary>
    public int TimelineCapacity { get; set; } = 800;

    /// <summary>Authors with more followers than this are merged at read time instead of fanned out.</summary>
    public int CelebrityFollowers { get; set; } = 10_000;

    /// <summary>Timelines kept in memory; the least recently read are dropped and rebuilt on demand.</summary>
    public int MaxResidentTimelines { get; set; } = 100_000;
}

public sealed class CacheOptions
{
    public TimeSpan PostDuration { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan ProfileDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Serve the last good value when the store fails (FusionCache fail-safe).</summary>
    public bool FailSafe { get; set; } = true;

    public TimeSpan FailSafeMaxDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>With a stale copy at hand, wait no longer than this for L2 before using the copy (L2 completes in the background).</summary>
    public TimeSpan DistributedSoftTimeout { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest wait for L2 at all; past it the read goes on as an L2 miss.</summary>
    public TimeSpan DistributedHardTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>After an L2 or backplane failure, skip it for this long instead of paying a timeout per request.</summary>
    public TimeSpan DistributedCircuitBreakerDuration { get; set; } = TimeSpan.FromSeconds(2);
}

public sealed class LimitOptions
{
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    public int DefaultPageSize { get; set; } = 20;

    public int MaxPageSize { get; set; } = 100;
}
