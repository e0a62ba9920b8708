using System.Data.Common;
using Dapper;
using Stadium.Data.Sqlite;
using Stadium.Jobs.Sqlite;
using Stadium.Jobs.Tests.Contract;

namespace Stadium.Jobs.Tests;

/// <summary>The queue contract on the embedded default: a fresh SQLite file per test.</summary>
public sealed class SqliteJobQueueTests : JobQueueContract, IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "stadium-jobs-tests", Guid.NewGuid().ToString("n"), "stadium.db");
    private readonly SqliteDatabase _database;

    public SqliteJobQueueTests()
    {
        _database = new SqliteDatabase(_path);
        SqliteMigrator.Migrate(_database);
    }

    protected override IJobQueue CreateQueue(JobsOptions options, TimeProvider time) => new SqliteJobQueue(_database, options, time);

    protected override Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work) =>
        _database.WriteAsync((connection, transaction) => work(connection, transaction), CancellationToken.None);

    protected override Task<long> ScalarAsync(string sql)
    {
        using var connection = _database.Open();
        return Task.FromResult(connection.ExecuteScalar<long>(sql));
    }

    public void Dispose()
    {
        _database.Dispose();
        Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);
    }
}
