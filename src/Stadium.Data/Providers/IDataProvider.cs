using Microsoft.Extensions.DependencyInjection;
using Stadium.Data.Seeding;

namespace Stadium.Data.Providers;

/// <summary>
/// A store backend, chosen by name ("Stadium:Store:Provider"). It owns everything engine-specific: the database seam
/// and its SQL dialect, the stores over them, migrations (run by a hosted service at start), the classification of its
/// errors for problem answers, its meters, and how the demo population is bulk-loaded into it. The job queue picks
/// its implementation by the same <see cref="Name"/>. Adding a backend is one folder and one line in <see cref="DataProviders"/>.
/// </summary>
public interface IDataProvider
{
    /// <summary>The configuration name, lower-case ("sqlite", "postgres"); matched case-insensitively.</summary>
    string Name { get; }

    /// <summary>The store lives in this process's own files (one machine), so queue workers run inside the API node by default.</summary>
    bool Embedded { get; }

    /// <summary>Whether reads may lag writes (replicas), so the API must tell the data tier who reads and what they have seen.</summary>
    bool RoutesReads { get; }

    /// <summary>Where the population lives, for messages ("the data folder", "the PostgreSQL database").</summary>
    string PopulationHolder { get; }

    /// <summary>How to get an empty store to seed a different population.</summary>
    string FreshStoreHint { get; }

    /// <summary>What the node runs on, for the banner: "SQLite /srv/.data/stadium.db", "PostgreSQL 127.0.0.1:5432/stadium + 2 replicas" (never a password).</summary>
    string Describe(StoreOptions store, string dataFolder);

    /// <summary>
    /// False when the store surely holds nothing yet (an embedded store whose file is missing), so a verb that only reads
    /// it can say so rather than create an empty one; a server's store may always exist.
    /// </summary>
    bool MayExist(StoreOptions store, string dataFolder);

    /// <summary>Registers <see cref="IDatabase"/>, the stores, <see cref="IStoreHealth"/>, <see cref="IStoreErrors"/> and the migrations.</summary>
    void AddServices(IServiceCollection services, StoreOptions store, string dataFolder);

    /// <summary>Opens the store, migrated, for a bulk load of the demo population.</summary>
    Task<SeedSession> OpenSeedTargetAsync(StoreOptions store, string dataFolder, CancellationToken ct);
}
