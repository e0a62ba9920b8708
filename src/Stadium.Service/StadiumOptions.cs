using Microsoft.Extensions.Configuration;
using Stadium.Service.Features.Auth;
using Stadium.Service.Features.Feed;
using Stadium.Service.Platform;
using Stadium.Service.Platform.Redis;

namespace Stadium.Service;

/// <summary>
/// The whole "Stadium" section in one object, for the CLI's one-shot verbs (seed, tokens, the jobs bench) and for
/// the store and queue registrations. Services in a running node take only their own part (IOptions&lt;FeedOptions&gt;,
/// IOptions&lt;AuthOptions&gt;, ...), bound to the same keys and validated at start. Each key also works as Stadium__Key.
/// </summary>
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
    public RedisOptions Redis { get; set; } = new();

    public LimitOptions Limits { get; set; } = new();

    /// <summary>The section as configured now (a snapshot: running services read their own options instead).</summary>
    public static StadiumOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<StadiumOptions>() ?? new StadiumOptions();
}
