namespace Stadium.Infra;

/// <summary>Where the PostgreSQL server programs of one installed major version live.</summary>
public sealed record PostgresBinaries(int MajorVersion, string BinDirectory)
{
    public string InitDb => Path.Combine(BinDirectory, "initdb");
    public string PgCtl => Path.Combine(BinDirectory, "pg_ctl");
    public string PgBaseBackup => Path.Combine(BinDirectory, "pg_basebackup");
    public string Postgres => Path.Combine(BinDirectory, "postgres");
}

/// <summary>Where to look for the server programs; the defaults are Debian's layout.</summary>
/// <param name="PostgresRoot">Debian installs each major version under &lt;root&gt;/&lt;version&gt;/bin, outside PATH.</param>
/// <param name="SearchPath">Folders searched for redis-server; null means the process's PATH.</param>
public sealed record BinaryLocatorOptions(string PostgresRoot = "/usr/lib/postgresql", string? SearchPath = null);

/// <summary>Finds the installed PostgreSQL and Redis programs, or says which Debian package to install.</summary>
public sealed class BinaryLocator(BinaryLocatorOptions options)
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

/// <summary>A server program is not installed; the message names the Debian package that provides it.</summary>
public sealed class MissingBinaryException(string program, string package, string detail)
    : Exception($"{program} not found ({detail}). Install it with: apt-get install -y {package}")
{
    public string Program { get; } = program;
    public string Package { get; } = package;
}
