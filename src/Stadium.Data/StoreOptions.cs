using Stadium.Data.Postgres;

namespace Stadium.Data;

/// <summary>Which store the node runs on: the "Stadium:Store" section.</summary>
public sealed class StoreOptions
{
    /// <summary>A registered provider's name, case-insensitively: "Sqlite" (the embedded default) or "Postgres".</summary>
    public string Provider { get; set; } = "Sqlite";

    public PostgresOptions Postgres { get; set; } = new();
}
