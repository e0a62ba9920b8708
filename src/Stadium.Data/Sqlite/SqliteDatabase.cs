using Microsoft.Data.Sqlite;
using Stadium.Data.Diagnostics;

namespace Stadium.Data.Sqlite;

/// <summary>
/// Opens connections to one SQLite file in WAL mode and serialises writers in-process:
/// SQLite allows one writer at a time, and waiting on a semaphore is far cheaper than
/// spinning on SQLITE_BUSY.
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    public SqliteDatabase(string path)
    {
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
        DownstreamCalls.RecordStore();
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Runs <paramref name="work"/> inside an immediate transaction, one writer at a time.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken ct)
    {
        await _writeGate.WaitAsync(ct);
        try
        {
            using var connection = Open();
            using (var pragma = connection.CreateCommand())
            {
                // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose
                // the last transactions, which is the trade-off every WAL deployment makes.
                pragma.CommandText = "PRAGMA synchronous=NORMAL";
                pragma.ExecuteNonQuery();
            }

            using var transaction = connection.BeginTransaction();
            var result = work(connection, transaction);
            transaction.Commit();
            return result;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>
    /// The same immediate, serialised transaction for work that awaits inside it (a job enqueued beside the
    /// write that causes it goes through ADO.NET's async API).
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken ct)
    {
        await _writeGate.WaitAsync(ct);
        try
        {
            using var connection = Open();
            using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = "PRAGMA synchronous=NORMAL";
                pragma.ExecuteNonQuery();
            }

            using var transaction = connection.BeginTransaction();
            var result = await work(connection, transaction);
            transaction.Commit();
            return result;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public void Dispose()
    {
        _writeGate.Dispose();
        SqliteConnection.ClearAllPools();
    }
}
