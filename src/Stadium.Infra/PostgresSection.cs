namespace Stadium.Infra;

/// <summary>Npgsql connection strings for the application user: writes go to the primary.</summary>
public sealed record PostgresSection(string Primary, IReadOnlyList<string> Replicas);
