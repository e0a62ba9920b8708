using Microsoft.Extensions.Hosting;

namespace Stadium.Data.Providers;

/// <summary>
/// Applies the schema migrations when the host starts, before any other hosted service or request reads: hosted
/// services start in registration order, and the store registers before everything that uses it.
/// </summary>
internal sealed class DatabaseMigrations(IDatabaseMigrator migrator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
