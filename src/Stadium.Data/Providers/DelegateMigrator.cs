namespace Stadium.Data.Providers;

internal sealed class DelegateMigrator(Func<CancellationToken, Task> migrate) : IDatabaseMigrator
{
    public Task MigrateAsync(CancellationToken ct) => migrate(ct);
}
