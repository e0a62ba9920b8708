namespace Stadium.Protection.Dependencies;

/// <summary>The dependencies with a resilience pipeline; each name is also its configuration key, its metric tag and its <c>Stadium-Degraded</c> value.</summary>
public static class DependencyNames
{
    /// <summary>The database primary (SQLite's one file on the embedded default): writes and reads that must be current.</summary>
    public const string Primary = "primary";

    /// <summary>Reads that may lag (PostgreSQL replicas, or the primary when the router sends them there).</summary>
    public const string Replicas = "replicas";

    public const string Redis = "redis";

    public const string Smtp = "smtp";

    public static readonly IReadOnlyList<string> All = [Primary, Replicas, Redis, Smtp];
}
