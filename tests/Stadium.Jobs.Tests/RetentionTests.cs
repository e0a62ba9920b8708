using Stadium.Data;
using Stadium.Data.Postgres;
using Stadium.Data.Sqlite;
using Stadium.Data.Stores;
using Stadium.Jobs.Postgres;
using Stadium.Jobs.Sqlite;
using Stadium.Jobs.Tests.Contract;

namespace Stadium.Jobs.Tests;

public sealed class SqliteRetentionTests : RetentionContract, IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "stadium-jobs-tests", Guid.NewGuid().ToString("n"), "stadium.db");
    private SqliteDatabase? _database;

    protected override Task<(IDatabase Database, IJobQueue Queue)> OpenStoreAsync()
    {
        _database = new SqliteDatabase(_path);
        SqliteMigrator.Migrate(_database);
        return Task.FromResult<(IDatabase, IJobQueue)>((_database, new SqliteJobQueue(_database, Options, Time)));
    }

    protected override IPostStore Posts() => new PostStore(_database!, SqliteProvider.Dialect);

    public void Dispose()
    {
        _database?.Dispose();
        Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);
        DeleteFiles();
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresRetentionTests(PostgresCluster cluster) : RetentionContract, IAsyncLifetime
{
    private PostgresDatabase? _database;
    private PostgresJobQueue? _queue;

    protected override async Task<(IDatabase Database, IJobQueue Queue)> OpenStoreAsync()
    {
        var connectionString = await cluster.NewDatabaseAsync();
        _database = new PostgresDatabase(new PostgresOptions { Primary = connectionString }, TimeProvider.System);
        _queue = new PostgresJobQueue(connectionString, Options, Time);
        return (_database, _queue);
    }

    protected override IPostStore Posts() => new PostStore(_database!, PostgresProvider.Dialect);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_queue is not null)
        {
            await _queue.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        DeleteFiles();
    }
}
