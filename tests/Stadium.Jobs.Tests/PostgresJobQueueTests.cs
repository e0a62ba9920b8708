using System.Data.Common;
using Dapper;
using Npgsql;
using Stadium.Jobs.Postgres;
using Stadium.Jobs.Tests.Contract;

namespace Stadium.Jobs.Tests;

/// <summary>The same queue contract on a real PostgreSQL primary, a fresh database per test.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresJobQueueTests(PostgresCluster cluster) : JobQueueContract, IAsyncLifetime
{
    private string _connectionString = "";
    private NpgsqlDataSource? _source;
    private readonly List<PostgresJobQueue> _queues = [];

    public async Task InitializeAsync()
    {
        _connectionString = await cluster.NewDatabaseAsync();
        _source = NpgsqlDataSource.Create(_connectionString);
    }

    protected override IJobQueue CreateQueue(JobsOptions options, TimeProvider time)
    {
        var queue = new PostgresJobQueue(_connectionString, options, time);
        _queues.Add(queue);
        return queue;
    }

    protected override async Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work)
    {
        await using var connection = await _source!.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var result = await work(connection, transaction);
        await transaction.CommitAsync();
        return result;
    }

    protected override async Task<long> ScalarAsync(string sql)
    {
        await using var connection = await _source!.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    public async Task DisposeAsync()
    {
        foreach (var queue in _queues)
        {
            await queue.DisposeAsync();
        }

        if (_source is not null)
        {
            await _source.DisposeAsync();
        }
    }
}
