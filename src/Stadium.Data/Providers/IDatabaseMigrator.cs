namespace Stadium.Data.Providers;

/// <summary>The backend's schema migrations; safe to apply at every start and from several processes at once.</summary>
public interface IDatabaseMigrator
{
    Task MigrateAsync(CancellationToken ct);
}
