using System.Data.Common;
using System.Diagnostics.Metrics;
using Npgsql;
using Stadium.Data.Postgres.Routing;
using Stadium.Data.Providers;
using Stadium.Data.Requests;

namespace Stadium.Data.Postgres;

/// <summary>
/// A PostgreSQL primary and its streaming replicas behind the one database seam. Writes go to the primary and record
/// the WAL position they reached; reads go where <see cref="ReadRouter"/> sends them. The parts live in Routing/.
/// </summary>
internal sealed class PostgresDatabase : IDatabase, IAsyncDisposable
{
    private const string Engine = "postgresql";
    private readonly PostgresDataSources _sources;
    private readonly ReplicaMonitor _monitor;
    private readonly ReadYourWritesWindow _window;
    private readonly ReadRouter _router;
    private int _disposed;

    public PostgresDatabase(PostgresOptions options, TimeProvider time, DataRequestAccessor? requests = null, IMeterFactory? meters = null)
    {
        requests ??= new DataRequestAccessor();
        _sources = new PostgresDataSources(options, requests);
        _monitor = new ReplicaMonitor(_sources, options, time);
        _window = new ReadYourWritesWindow(options, time, requests);
        var metrics = new DatabaseMetrics(meters, _sources.Replicas, () => _monitor.Primary.Answering);
        _router = new ReadRouter(_sources, _monitor, _window, metrics, options, time);
    }

    public NpgsqlDataSource Primary => _sources.Primary;

    /// <summary>The primary without a command timeout, for bulk loads and index builds (`stadium seed`), which may run for minutes.</summary>
    public NpgsqlDataSource BulkLoad => _sources.BulkLoad;

    public IReadOnlyList<ReplicaNode> Replicas => _sources.Replicas;

    /// <summary>Whether the primary answers the monitor (false from its first unanswered probe until the next answered one).</summary>
    public bool PrimaryAnswering => _monitor.Primary.Answering;

    /// <summary>Writers whose read-your-writes window may still be open.</summary>
    public int TrackedWriters => _window.TrackedWriters;

    /// <summary>
    /// Applies schema migrations on the primary and makes every later read wait for a replica that has
    /// replayed them, so no query ever meets a replica that lacks a table. Through the untimed pool: a migration may wait
    /// for another node's, and a node's first connection may be slow to open while the process is still starting.
    /// </summary>
    public async Task MigrateAsync(CancellationToken ct)
    {
        await PostgresSchema.MigrateAsync(BulkLoad, ct);
        await using var connection = await BulkLoad.OpenConnectionAsync(ct);
        _window.RaiseFloor(await WalPosition.CurrentAsync(connection, ct));
    }

    public Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken ct) =>
        DataActivities.Enabled ? DataActivities.TraceAsync("read", Engine, _router.ReadAsync, read, ct) : _router.ReadAsync(read, ct);

    public Task<T> ReadUpToDateAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken ct) =>
        DataActivities.Enabled ? DataActivities.TraceAsync("read up-to-date", Engine, _router.ReadUpToDateAsync, read, ct) : _router.ReadUpToDateAsync(read, ct);

    public async Task<T> ReadPrimaryAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken ct)
    {
        using var activity = DataActivities.Start("read primary", Engine);
        await using var connection = await _router.OpenPrimaryReadAsync(ct);
        return await read(connection);
    }

    /// <inheritdoc cref="ReadRouter.OpenReadAsync"/>
    public ValueTask<NpgsqlConnection> OpenReadAsync(CancellationToken ct) => _router.OpenReadAsync(ct);

    /// <inheritdoc cref="ReadRouter.OpenUpToDateReadAsync"/>
    public ValueTask<NpgsqlConnection> OpenUpToDateReadAsync(CancellationToken ct) => _router.OpenUpToDateReadAsync(ct);

    /// <inheritdoc cref="ReadRouter.OpenPrimaryReadAsync"/>
    public ValueTask<NpgsqlConnection> OpenPrimaryAsync(CancellationToken ct) => _router.OpenPrimaryReadAsync(ct);

    /// <summary>
    /// Runs <paramref name="work"/> in a primary transaction, then records the WAL position the commit
    /// reached for the current reader, so their next reads wait for a replica that has it.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct)
    {
        using var activity = DataActivities.Start("write", Engine);
        // Writes are not reads: stadium_db_reads_total{role} measures how reads are spread.
        await using var connection = await _sources.OpenAsync(_sources.Primary, ct);
        T result;
        await using (var transaction = await connection.BeginTransactionAsync(ct))
        {
            result = await work(connection, transaction);
            // Never cancelled: a COMMIT cut off by the request's deadline would leave the outcome unknown, while the
            // answer must say whether the write applied (a 504 says it did not). It is one round trip, bounded by the
            // command timeout.
            await transaction.CommitAsync(CancellationToken.None);
        }

        await RecordCommitAsync(connection, ct);
        return result;
    }

    /// <summary>
    /// Runs one statement on the primary as its own transaction (no BEGIN/COMMIT round trips; a single statement is
    /// atomic by itself), then records its WAL position as <see cref="WriteAsync{T}"/> does.
    /// </summary>
    public async Task<T> WriteStatementAsync<T>(Func<DbConnection, Task<T>> statement, CancellationToken ct)
    {
        using var activity = DataActivities.Start("write statement", Engine);
        await using var connection = await _sources.OpenAsync(_sources.Primary, ct);
        var result = await statement(connection);
        await RecordCommitAsync(connection, ct);
        return result;
    }

    /// <summary>Records the WAL position a commit just reached on <paramref name="connection"/> for the current reader.</summary>
    private async Task RecordCommitAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        if (Replicas.Count == 0)
        {
            return;
        }

        try
        {
            _window.RecordWrite(await WalPosition.CurrentAsync(connection, ct));
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            // The write is committed, so the request succeeds; only its WAL position is unknown. The writer's
            // reads go to the primary for the read-your-writes window instead (no replica reaches "unknown").
            _window.PinToPrimary();
        }
    }

    /// <summary>Idempotent: the container disposes this once as itself and once as <see cref="IDatabase"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _monitor.DisposeAsync();
        await _sources.DisposeAsync();
    }
}
