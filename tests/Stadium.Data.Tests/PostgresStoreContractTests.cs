using Stadium.Data.Postgres;
using Stadium.Data.Tests.Contract;

namespace Stadium.Data.Tests;

/// <summary>The same store contract as on SQLite, on a real primary + streaming replica.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreContractTests(PostgresCluster cluster) : StoreContract, IAsyncLifetime
{
    private PostgresDatabase? _database;
    private StoreSet? _stores;

    protected override IUserStore Users => _stores!.Users;

    protected override IPostStore Posts => _stores!.Posts;

    protected override IFollowStore Follows => _stores!.Follows;

    protected override ISessionStore Sessions => _stores!.Sessions;

    protected override IStoreHealth Health => new PostgresStoreHealth(_database!);

    public async Task InitializeAsync()
    {
        var options = await cluster.NewDatabaseAsync();
        _database = new PostgresDatabase(options, TimeProvider.System);
        await _database.MigrateAsync(CancellationToken.None);
        _stores = StoreSet.Over(_database, PostgresProvider.Dialect);
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
