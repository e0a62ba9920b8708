using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Stadium.Data.Providers;
using Stadium.Data.Requests;
using Stadium.Data.Seeding;
using Stadium.Data.Stores;

namespace Stadium.Data.Postgres;

/// <summary>The scale-out store: a PostgreSQL primary for writes and streaming replicas for reads.</summary>
internal sealed class PostgresProvider : IDataProvider, IStoreErrors
{
    public static readonly SqlDialect Dialect = new(
        UsernameEquals: "lower(username) = lower(@username)", // the unique index is on lower(username)
        UsernameConflict: "((lower(username)))",
        InIds: "= ANY(@ids)",
        ForUpdate: " FOR UPDATE",
        FamilyId: id => id,
        WritableCtes: true,
        LateralJoins: true);

    public string Name => "postgres";

    public bool Embedded => false;

    public bool RoutesReads => true;

    public string PopulationHolder => "the PostgreSQL database";

    public string FreshStoreHint => "fresh servers (stadium infra up --dir NEW, then --config NEW/stadium.json)";

    public bool MayExist(StoreOptions store, string dataFolder) => true;

    public string Describe(StoreOptions store, string dataFolder)
    {
        var primary = new NpgsqlConnectionStringBuilder(store.Postgres.Primary);
        var replicas = store.Postgres.Replicas.Count;
        return $"PostgreSQL {primary.Host}:{primary.Port}/{primary.Database} (primary) + {replicas} {(replicas == 1 ? "replica" : "replicas")}";
    }

    public void AddServices(IServiceCollection services, StoreOptions store, string dataFolder)
    {
        PostgresOptionsCheck.Validate(store.Postgres);
        services.AddSingleton(store.Postgres);
        // A factory registration, so the container disposes it (stops the replica monitor). On the system clock, not the
        // host's TimeProvider: probes, lag and catch-up waits measure real servers, whatever clock the application runs on.
        services.AddSingleton(sp => new PostgresDatabase(
            store.Postgres, TimeProvider.System, sp.GetRequiredService<DataRequestAccessor>(), sp.GetService<IMeterFactory>()));
        services.AddSingleton<IDatabase>(sp => sp.GetRequiredService<PostgresDatabase>());
        services.AddSingleton<IStoreHealth>(sp => new PostgresStoreHealth(sp.GetRequiredService<PostgresDatabase>()));
        services.AddSingleton<IStoreErrors>(this);
        services.AddSingleton<IDatabaseMigrator>(sp => new DelegateMigrator(sp.GetRequiredService<PostgresDatabase>().MigrateAsync));
        StoreRegistrations.Add(services, Dialect);
    }

    public async Task<SeedSession> OpenSeedTargetAsync(StoreOptions store, string dataFolder, CancellationToken ct)
    {
        PostgresOptionsCheck.Validate(store.Postgres);
        var database = new PostgresDatabase(store.Postgres, TimeProvider.System);
        await database.MigrateAsync(ct);
        return new SeedSession(new PostgresSeedTarget(database.BulkLoad), "PostgreSQL store", database.DisposeAsync);
    }

    public StoreFailure Classify(Exception exception) => exception switch
    {
        _ when PostgresErrors.IsPoolWaitTimeout(exception) => StoreFailure.Busy,
        NpgsqlException => StoreFailure.Unavailable,
        _ => StoreFailure.None,
    };
}
