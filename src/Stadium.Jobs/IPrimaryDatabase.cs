using System.Data.Common;
using Stadium.Data.Postgres;
using Stadium.Data.Sqlite;

namespace Stadium.Jobs;

/// <summary>
/// The application's primary database as plain ADO.NET, so a feature can write its rows and enqueue the job
/// they cause in one transaction, on either backend, with SQL both dialects share.
/// </summary>
public interface IPrimaryDatabase
{
    Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct);

    /// <summary>Reads on the primary: job handlers and owners checking their own work must see the latest writes.</summary>
    Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken ct);
}

public sealed class SqlitePrimaryDatabase(SqliteDatabase database) : IPrimaryDatabase
{
    public Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct) =>
        database.WriteAsync((connection, transaction) => work(connection, transaction), ct);

    public async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken ct)
    {
        await using var connection = database.Open();
        return await work(connection);
    }
}

public sealed class PostgresPrimaryDatabase(PostgresDatabase database) : IPrimaryDatabase
{
    public Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct) =>
        database.WriteAsync((connection, transaction) => work(connection, transaction), ct);

    public async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken ct)
    {
        await using var connection = await database.OpenPrimaryAsync(ct);
        return await work(connection);
    }
}
