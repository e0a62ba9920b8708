namespace Stadium.Infra;

/// <summary>The store the service runs on: its provider name and the PostgreSQL servers.</summary>
public sealed record StoreSection(string Provider, PostgresSection Postgres);
