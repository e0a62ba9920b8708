using Microsoft.Extensions.Configuration;
using Stadium.Data.Postgres;
using Stadium.Data.Seeding;
using Stadium.Data.Sqlite;
using Stadium.Service.Platform;

namespace Stadium.Commands;

/// <summary>The settings a verb runs with: an optional settings file, then Stadium__* environment variables, then --data.</summary>
internal static class StadiumConfiguration
{
    public static StadiumOptions Load(string dataFolder, string? configFile)
    {
        var builder = new ConfigurationBuilder();
        if (configFile is not null)
        {
            builder.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        }

        builder.AddEnvironmentVariables();
        builder.AddInMemoryCollection(new Dictionary<string, string?> { ["Stadium:DataFolder"] = dataFolder });
        return builder.Build().GetSection(StadiumOptions.Section).Get<StadiumOptions>() ?? new StadiumOptions { DataFolder = dataFolder };
    }
}

/// <summary>Opens the configured store, migrated, as a seed target.</summary>
internal sealed class SeedTargets : IAsyncDisposable
{
    private readonly IAsyncDisposable? _owner;

    private SeedTargets(ISeedTarget target, string description, IAsyncDisposable? owner)
    {
        Target = target;
        Description = description;
        _owner = owner;
    }

    public ISeedTarget Target { get; }

    public string Description { get; }

    public static async Task<SeedTargets> OpenAsync(StadiumOptions options, CancellationToken ct)
    {
        if (string.Equals(options.Store.Provider, "Postgres", StringComparison.OrdinalIgnoreCase))
        {
            var database = new PostgresDatabase(options.Store.Postgres, TimeProvider.System);
            await database.MigrateAsync(ct);
            return new SeedTargets(new PostgresSeedTarget(database.BulkLoad), "PostgreSQL store", database);
        }

        var sqlite = new SqliteDatabase(options.SqlitePath);
        SqliteMigrator.Migrate(sqlite);
        return new SeedTargets(new SqliteSeedTarget(sqlite), $"data folder {options.DataFolder}", new SyncDisposable(sqlite));
    }

    public async ValueTask DisposeAsync()
    {
        Target.Dispose();
        if (_owner is not null)
        {
            await _owner.DisposeAsync();
        }
    }

    private sealed class SyncDisposable(IDisposable inner) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            inner.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
