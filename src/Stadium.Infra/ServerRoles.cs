namespace Stadium.Infra;

/// <summary>The role and kind names used in <see cref="ServerRecord"/>.</summary>
internal static class ServerRoles
{
    public const string Primary = "primary";
    public const string Replica = "replica";
    public const string Cache = "cache";
    public const string PostgresKind = "postgres";
    public const string RedisKind = "redis";
}
