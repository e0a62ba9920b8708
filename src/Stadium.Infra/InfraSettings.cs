namespace Stadium.Infra;

/// <summary>
/// The settings file <c>stadium infra up --dir D</c> writes to <c>D/stadium.json</c>. Its shape is an
/// ASP.NET configuration source: <c>stadium up --config D/stadium.json</c> adds it as a JSON file, and
/// each key also works as an environment variable with <c>__</c> between sections
/// (<c>Stadium__Store__Postgres__Replicas__0</c>).
/// </summary>
public sealed record InfraSettings(StadiumSection Stadium, InfraSection Infra)
{
    public const string FileName = "stadium.json";

    /// <summary>
    /// The service's settings as environment variables, complete with the application user's password, so each
    /// line works as printed (`export` it, or paste it into a compose file). The superuser's password stays in the file.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> EnvironmentVariables()
    {
        var store = Stadium.Store;
        var variables = new List<KeyValuePair<string, string>>
        {
            new("Stadium__Store__Provider", store.Provider),
            new("Stadium__Store__Postgres__Primary", store.Postgres.Primary),
        };
        for (var i = 0; i < store.Postgres.Replicas.Count; i++)
        {
            variables.Add(new($"Stadium__Store__Postgres__Replicas__{i}", store.Postgres.Replicas[i]));
        }

        variables.Add(new("Stadium__Redis__Configuration", Stadium.Redis.Configuration));
        return variables;
    }
}

/// <summary>What the service reads to run on these servers.</summary>
public sealed record StadiumSection(StoreSection Store, RedisSection Redis);

public sealed record StoreSection(string Provider, PostgresSection Postgres);

/// <summary>Npgsql connection strings for the application user: writes go to the primary.</summary>
public sealed record PostgresSection(string Primary, IReadOnlyList<string> Replicas);

/// <summary>A StackExchange.Redis configuration string.</summary>
public sealed record RedisSection(string Configuration);

/// <summary>
/// What <c>infra down</c> and <c>infra status</c> need to find the servers an earlier <c>up</c> started.
/// The admin password is here because status and tests need a superuser (pg_stat_replication, replay pause);
/// the file is written readable by its owner only and the servers listen on 127.0.0.1 only.
/// </summary>
public sealed record InfraSection(string Dir, string AdminUser, string AdminPassword, IReadOnlyList<ServerRecord> Servers);

/// <summary>One server an <c>up</c> started. Pid is 0 until the server has started.</summary>
public sealed record ServerRecord(string Name, string Role, string Kind, int Port, string DataDir, int Pid);

/// <summary>The role and kind names used in <see cref="ServerRecord"/>.</summary>
public static class ServerRoles
{
    public const string Primary = "primary";
    public const string Replica = "replica";
    public const string Cache = "cache";
    public const string PostgresKind = "postgres";
    public const string RedisKind = "redis";
}
