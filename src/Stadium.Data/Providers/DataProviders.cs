using Stadium.Data.Postgres;
using Stadium.Data.Sqlite;

namespace Stadium.Data.Providers;

/// <summary>The store backends, by name: the one place a backend is registered.</summary>
public static class DataProviders
{
    private static readonly IReadOnlyList<IDataProvider> All = [new SqliteProvider(), new PostgresProvider()];

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(p => p.Name)];

    /// <summary>The provider named <paramref name="name"/> (case-insensitively; blank is the embedded default); an unknown name lists the known ones.</summary>
    public static IDataProvider Get(string? name) =>
        string.IsNullOrWhiteSpace(name) ? All[0] : All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new UnknownProviderException(
            $"Stadium:Store:Provider '{name}' is not a known store; known: {string.Join(", ", Names)}.");
}
