using System.Data.Common;
using Microsoft.Data.Sqlite;
using Stadium.Data.Providers;
using Stadium.Data.Requests;

namespace Stadium.Data.Sqlite;

/// <summary>
/// One SQLite file in WAL mode. Every read kind is a plain read (one file has no replicas), and writers are
/// serialised in process: SQLite allows one writer at a time, and waiting on a semaphore is far cheaper than
/// spinning on SQLITE_BUSY.
/// </summary>
internal sealed class SqliteDatabase : IDatabase, IDisposable
{
    private const string Engine = "sqlite";
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly DataRequestAccessor? _requests;

    public SqliteDatabase(string path, DataRequestAccessor? requests = null)
    {
        _requests = requests;
        Path = System.IO.Path.GetFullPath(path);
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string Path { get; }

    public string ConnectionString { get; }

    public SqliteConnection Open()
    {
        _requests?.Current?.RecordStoreCall();
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken ct) => ReadAsync("read", read);

    public Task<T> ReadUpToDateAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken ct) => ReadAsync("read up-to-date", read);

    public Task<T> ReadPrimaryAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken ct) => ReadAsync("read primary", read);

    /// <summary>Runs <paramref name="work"/> inside an immediate transaction, one writer at a time.</summary>
    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct)
    {
        using var activity = DataActivities.Start("write", Engine);
        await _writeGate.WaitAsync(ct);
        try
        {
            await using var connection = OpenForWrite();
            await using var transaction = connection.BeginTransaction();
            var result = await work(connection, transaction);
            transaction.Commit();
            return result;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task<T> WriteStatementAsync<T>(Func<DbConnection, Task<T>> statement, CancellationToken ct)
    {
        using var activity = DataActivities.Start("write statement", Engine);
        await _writeGate.WaitAsync(ct);
        try
        {
            await using var connection = OpenForWrite();
            return await statement(connection);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task<T> ReadAsync<T>(string call, Func<DbConnection, Task<T>> read)
    {
        using var activity = DataActivities.Start(call, Engine);
        await using var connection = Open();
        return await read(connection);
    }

    private SqliteConnection OpenForWrite()
    {
        var connection = Open();
        using var pragma = connection.CreateCommand();
        // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose
        // the last transactions, which is the trade-off every WAL deployment makes.
        pragma.CommandText = "PRAGMA synchronous=NORMAL";
        pragma.ExecuteNonQuery();
        return connection;
    }

    public void Dispose()
    {
        _writeGate.Dispose();
        SqliteConnection.ClearAllPools();
    }
}
