using Stadium.Data.Postgres;
using Stadium.Data.Tests.Contract;

namespace Stadium.Data.Tests;

/// <summary>The same store contract as on SQLite, on a real primary + streaming replica.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreContractTests(PostgresCluster cluster) : StoreContract, IAsyncLifetime
{
    private PostgresDatabase? _database;
    private PostgresStore? _store;

    protected override IUserStore Users => _store!;

    protected override IPostStore Posts => _store!;

    protected override IFollowStore Follows => _store!;

    protected override ISessionStore Sessions => _store!;

    protected override IStoreHealth Health => _store!;

    public async Task InitializeAsync()
    {
        var options = await cluster.NewDatabaseAsync();
        _database = new PostgresDatabase(options, TimeProvider.System);
        await _database.MigrateAsync(CancellationToken.None);
        _store = new PostgresStore(_database);
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
