namespace Stadium.Infra;

/// <summary>The role and kind names used in <see cref="ServerRecord"/>.</summary>
internal static class ServerRoles
{
    public const string Primary = "primary";
    public const string Replica = "replica";
    public const string Cache = "cache";
    public const string PostgresKind = "postgres";
    public const string RedisKind = "redis";

    /// <summary>The fault proxy of <c>infra up --chaos</c>: role and kind of its record.</summary>
    public const string Chaos = "chaos";
    public const string ChaosProxyKind = "chaos-proxy";
}
