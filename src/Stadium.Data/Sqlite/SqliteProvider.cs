using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Stadium.Data.Providers;
using Stadium.Data.Requests;
using Stadium.Data.Seeding;
using Stadium.Data.Stores;

namespace Stadium.Data.Sqlite;

/// <summary>The embedded default: every aggregate in one SQLite file in the data folder.</summary>
internal sealed class SqliteProvider : IDataProvider, IStoreErrors
{
    /// <summary>One file, one writer at a time: no SQL needs a lock or a round-trip saving.</summary>
    public static readonly SqlDialect Dialect = new(
        UsernameEquals: "username = @username", // the column is COLLATE NOCASE
        UsernameConflict: "(username)",
        InIds: "IN @ids",
        ForUpdate: "",
        FamilyId: id => id.ToString(),
        WritableCtes: false,
        LateralJoins: false);

    public string Name => "sqlite";

    public bool Embedded => true;

    public bool RoutesReads => false;

    public string PopulationHolder => "the data folder";

    public string FreshStoreHint => "a new --data folder";

    public string Describe(StoreOptions store, string dataFolder) => $"SQLite {Path.GetFullPath(FilePath(dataFolder))}";

    public static string FilePath(string dataFolder) => Path.Combine(dataFolder, "stadium.db");

    public bool MayExist(StoreOptions store, string dataFolder) => File.Exists(FilePath(dataFolder));

    public void AddServices(IServiceCollection services, StoreOptions store, string dataFolder)
    {
        services.AddSingleton(sp =>
        {
            SqliteMetrics.Register(sp.GetService<IMeterFactory>());
            return new SqliteDatabase(FilePath(dataFolder), sp.GetRequiredService<DataRequestAccessor>());
        });
        services.AddSingleton<IDatabase>(sp => sp.GetRequiredService<SqliteDatabase>());
        services.AddSingleton<IStoreHealth>(sp => new SqliteStoreHealth(sp.GetRequiredService<SqliteDatabase>()));
        services.AddSingleton<IStoreErrors>(this);
        services.AddSingleton<IDatabaseMigrator>(sp => new DelegateMigrator(_ =>
        {
            SqliteMigrator.Migrate(sp.GetRequiredService<SqliteDatabase>());
            return Task.CompletedTask;
        }));
        StoreRegistrations.Add(services, Dialect);
    }

    public Task<SeedSession> OpenSeedTargetAsync(StoreOptions store, string dataFolder, CancellationToken ct)
    {
        var database = new SqliteDatabase(FilePath(dataFolder));
        SqliteMigrator.Migrate(database);
        return Task.FromResult(new SeedSession(new SqliteSeedTarget(database), $"data folder {dataFolder}", () =>
        {
            database.Dispose();
            return ValueTask.CompletedTask;
        }));
    }

    /// <summary>SQLITE_BUSY (5) and SQLITE_LOCKED (6): the file stayed locked past the busy timeout.</summary>
    public StoreFailure Classify(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 5 or 6 } ? StoreFailure.Unavailable : StoreFailure.None;
}
