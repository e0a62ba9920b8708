namespace Stadium.Infra;

/// <summary>Finds the installed PostgreSQL and Redis programs, or says which Debian package to install.</summary>
internal sealed class BinaryLocator(BinaryLocatorOptions options)
{
    public const string PostgresPackage = "postgresql";
    public const string RedisPackage = "redis-server";

    private static readonly string[] PostgresPrograms = ["initdb", "pg_ctl", "pg_basebackup", "postgres"];

    public BinaryLocator() : this(new BinaryLocatorOptions()) { }

    /// <summary>The highest installed major version that has every program the launcher runs.</summary>
    public PostgresBinaries LocatePostgres()
    {
        var candidates = Directory.Exists(options.PostgresRoot)
            ? Directory.GetDirectories(options.PostgresRoot)
                .Select(dir => (Dir: dir, Version: int.TryParse(Path.GetFileName(dir), out var v) ? v : -1))
                .Where(c => c.Version > 0)
                .OrderByDescending(c => c.Version)
            : Enumerable.Empty<(string Dir, int Version)>();

        foreach (var (dir, version) in candidates)
        {
            var bin = Path.Combine(dir, "bin");
            if (PostgresPrograms.All(program => IsExecutable(Path.Combine(bin, program))))
            {
                return new PostgresBinaries(version, bin);
            }
        }

        throw new MissingBinaryException(
            "initdb/pg_ctl/pg_basebackup/postgres",
            PostgresPackage,
            $"no {options.PostgresRoot}/<version>/bin holds them");
    }

    /// <summary>redis-server from the search path.</summary>
    public string LocateRedis()
    {
        var searchPath = options.SearchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "redis-server");
            if (IsExecutable(candidate))
            {
                return candidate;
            }
        }

        throw new MissingBinaryException("redis-server", RedisPackage, "it is not on PATH");
    }

    private static bool IsExecutable(string path) => FileModes.IsExecutableFile(path);
}
