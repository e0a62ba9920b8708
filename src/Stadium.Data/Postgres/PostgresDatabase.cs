using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Npgsql;
using NpgsqlTypes;
using Stadium.Data.Consistency;
using Stadium.Data.Diagnostics;

namespace Stadium.Data.Postgres;

/// <summary>
/// A PostgreSQL primary and its streaming replicas, one bounded pool per role. Writes go to the
/// primary; reads go to a replica that is healthy and has replayed far enough for the reader
/// (read-your-writes), else to the primary.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    public const string MeterName = "Stadium.Data";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Reads = Meter.CreateCounter<long>("stadium.db.reads", "{read}", "Store reads by the role that served them.");
    private static readonly Counter<long> Fallbacks = Meter.CreateCounter<long>("stadium.db.replica.fallbacks", "{read}", "Reads sent to the primary because no replica was fresh or healthy enough.");
    private static readonly Counter<long> Failovers = Meter.CreateCounter<long>("stadium.db.replica.failovers", "{read}", "Reads that failed on a replica (lost or unanswered) and ran again on the primary.");
    private static readonly Counter<long> PrimaryOutageReads = Meter.CreateCounter<long>("stadium.db.primary_outage_reads", "{read}",
        "Reads meant to be up to date that replicas served because the primary was not answering.");

    /// <summary>The position of a committed write that could not be read: no replica ever reaches it, so reads needing it go to the primary.</summary>
    private const ulong UnknownLsn = ulong.MaxValue;

    private readonly PostgresOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<long, (ulong Lsn, long At)> _lastWrites = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _monitor;
    private readonly NpgsqlDataSource _primaryProbe;
    private readonly Lazy<NpgsqlDataSource> _bulkLoad;
    private readonly AnswerWatch _primaryAnswers = new();
    private int _next;
    private long _lastWriteLsn;
    private long _floorLsn;
    private long _nextSweepAt;
    private long _processPinnedAt;

    public PostgresDatabase(PostgresOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        Primary = Build(options.Primary, "primary");
        _primaryProbe = BuildProbe(options.Primary, "primary-monitor");
        _bulkLoad = new Lazy<NpgsqlDataSource>(() => BuildBulkLoad(options.Primary));
        Replicas = options.Replicas.Select((cs, i) =>
            new ReplicaNode($"replica{i + 1}", Build(cs, $"replica{i + 1}"), BuildProbe(cs, $"replica{i + 1}-monitor"))).ToList();
        _monitor = Replicas.Count > 0 ? Task.Run(MonitorAsync) : Task.CompletedTask;
        Meter.CreateObservableGauge("stadium.db.replica.lag", () => Replicas.Select(r =>
            new Measurement<long>(r.LagBytes, new KeyValuePair<string, object?>("replica", r.Name))), "By", "WAL bytes a replica is behind the primary.");
        Meter.CreateObservableGauge("stadium.db.replica.lag_time", () => Replicas.Select(r =>
            new Measurement<double>(r.LagTime.TotalSeconds, new KeyValuePair<string, object?>("replica", r.Name))), "s",
            "How long ago the primary was where the replica has replayed to.");
        Meter.CreateObservableGauge("stadium.db.primary.answering", () => _primaryAnswers.Answering ? 1 : 0, "{server}",
            "1 while the primary answers the monitor.");
        Meter.CreateObservableGauge("stadium.db.replica.in_rotation", () => Replicas.Select(r =>
            new Measurement<int>(r.Healthy ? 1 : 0, new KeyValuePair<string, object?>("replica", r.Name))), "{replica}", "1 when the replica takes reads.");
    }

    public NpgsqlDataSource Primary { get; }

    /// <summary>The primary without a command timeout, for bulk loads and index builds (`stadium seed`), which may run for minutes.</summary>
    public NpgsqlDataSource BulkLoad => _bulkLoad.Value;

    public IReadOnlyList<ReplicaNode> Replicas { get; }

    /// <summary>Whether the primary answers the monitor (false from its first unanswered probe until the next answered one).</summary>
    public bool PrimaryAnswering => _primaryAnswers.Answering;

    /// <summary>A primary connection for a read that must not be stale (counted as a primary read).</summary>
    public async ValueTask<NpgsqlConnection> OpenPrimaryAsync(CancellationToken ct)
    {
        Reads.Add(1, new KeyValuePair<string, object?>("role", "primary"));
        return await OpenPrimaryForWriteAsync(ct);
    }

    private async ValueTask<NpgsqlConnection> OpenPrimaryForWriteAsync(CancellationToken ct)
    {
        DownstreamCalls.RecordStore();
        return await Primary.OpenConnectionAsync(ct);
    }

    /// <summary>
    /// Applies schema migrations on the primary and makes every later read wait for a replica that has
    /// replayed them, so no query ever meets a replica that lacks a table.
    /// </summary>
    public async Task MigrateAsync(CancellationToken ct)
    {
        await PostgresSchema.MigrateAsync(Primary, ct);
        await using var connection = await Primary.OpenConnectionAsync(ct);
        Interlocked.Exchange(ref _floorLsn, (long)await CurrentLsnAsync(connection, ct));
    }

    /// <summary>
    /// Runs a read on behalf of <see cref="ReadConsistency.Current"/> (see <see cref="OpenReadAsync"/>). A replica
    /// that fails under the read (connection lost, no answer within <see cref="PostgresOptions.CommandTimeout"/>, or
    /// a monitor probe that gets no answer within <see cref="PostgresOptions.ReplicaProbeTimeout"/>, whichever comes
    /// first) leaves the rotation and the read runs again on the primary.
    /// </summary>
    public Task<T> ReadAsync<T>(Func<NpgsqlConnection, Task<T>> query, CancellationToken ct) =>
        RunReadAsync(RouteReadAsync, query, ct);

    /// <summary>Runs a read that must see every commit made before the call (see <see cref="OpenUpToDateReadAsync"/>), failing over as <see cref="ReadAsync{T}"/> does.</summary>
    public Task<T> ReadUpToDateAsync<T>(Func<NpgsqlConnection, Task<T>> query, CancellationToken ct) =>
        RunReadAsync(RouteUpToDateReadAsync, query, ct);

    /// <summary>A connection for a read on behalf of <see cref="ReadConsistency.Current"/>.</summary>
    public async ValueTask<NpgsqlConnection> OpenReadAsync(CancellationToken ct) => (await RouteReadAsync(ct)).Connection;

    /// <summary>
    /// A connection that sees every commit made anywhere before this call, whoever reads: the primary, or a
    /// replica that has replayed past the primary's WAL position taken first. For reads whose answer is kept
    /// (a timeline rebuilt and cached, the follower list a new post fans out to): a lagging replica would
    /// otherwise bake its past into them for everyone.
    /// </summary>
    public async ValueTask<NpgsqlConnection> OpenUpToDateReadAsync(CancellationToken ct) => (await RouteUpToDateReadAsync(ct)).Connection;

    private async Task<T> RunReadAsync<T>(Func<CancellationToken, ValueTask<RoutedConnection>> route, Func<NpgsqlConnection, Task<T>> query, CancellationToken ct)
    {
        var (connection, replica) = await route(ct);
        if (replica is null)
        {
            await using (connection)
            {
                return await query(connection);
            }
        }

        // A replica that stops answering mid-read would hold the read for the whole command timeout (plus Npgsql's
        // cancellation wait). The monitor notices within its probe timeout; the read then moves to the primary at once
        // and the stranded statement finishes or times out on its own, its connection released when it does.
        var stoppedAnswering = replica.StoppedAnswering;
        var read = RunAndReleaseAsync(connection, query);
        if (await Task.WhenAny(read, stoppedAnswering) == read)
        {
            try
            {
                return await read;
            }
            catch (NpgsqlException e) when (!ct.IsCancellationRequested && IsNodeFailure(e))
            {
                replica.MarkNotAnswering();
            }
        }
        else
        {
            Abandon(read);
        }

        Failovers.Add(1, new KeyValuePair<string, object?>("replica", replica.Name));
        await using var primary = await OpenFallbackAsync(ct);
        return await query(primary);
    }

    /// <summary>Lets a statement stranded on a server that stopped answering end on its own, its failure observed.</summary>
    internal static void Abandon(Task stranded) =>
        stranded.ContinueWith(static task => _ = task.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private static async Task<T> RunAndReleaseAsync<T>(NpgsqlConnection connection, Func<NpgsqlConnection, Task<T>> query)
    {
        await using (connection)
        {
            return await query(connection);
        }
    }

    /// <summary>
    /// The server went away or stopped answering, as opposed to an error in the statement: a lost or timed-out
    /// connection, a server shutting down or not accepting connections (SQLSTATE classes 08 and 57P).
    /// </summary>
    private static bool IsNodeFailure(NpgsqlException e) =>
        e is not PostgresException { SqlState: var state } ||
        state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("57P", StringComparison.Ordinal);

    private async ValueTask<RoutedConnection> RouteReadAsync(CancellationToken ct) =>
        await OpenReplicaAsync(RequiredLsn(), ct) ?? new RoutedConnection(await OpenFallbackAsync(ct), null);

    private async ValueTask<RoutedConnection> RouteUpToDateReadAsync(CancellationToken ct)
    {
        if (!Replicas.Any(r => r.Healthy))
        {
            return new RoutedConnection(await OpenFallbackAsync(ct), null);
        }

        if (await PrimaryPositionAsync(ct) is not { } primaryLsn)
        {
            // The primary is not answering, so nothing new can commit: what the replicas hold is as up to date as any
            // answer gets, and the read is served instead of failing with the primary.
            PrimaryOutageReads.Add(1);
            return await RouteReadAsync(ct);
        }

        return await OpenReplicaAsync(Math.Max(RequiredLsn(), primaryLsn), ct)
            ?? new RoutedConnection(await OpenFallbackAsync(ct), null);
    }

    /// <summary>The primary's WAL position now; null when the primary is not answering (by the monitor, or by this very call).</summary>
    private async Task<ulong?> PrimaryPositionAsync(CancellationToken ct)
    {
        var stoppedAnswering = _primaryAnswers.StoppedAnswering;
        if (stoppedAnswering.IsCompleted)
        {
            return null;
        }

        var position = ReadPrimaryPositionAsync(ct);
        if (await Task.WhenAny(position, stoppedAnswering) != position)
        {
            Abandon(position);
            return null;
        }

        try
        {
            return await position;
        }
        catch (NpgsqlException e) when (!ct.IsCancellationRequested && IsNodeFailure(e) && !PoolExhaustion.IsPoolWaitTimeout(e))
        {
            _primaryAnswers.Stopped();
            return null;
        }
    }

    private async Task<ulong> ReadPrimaryPositionAsync(CancellationToken ct)
    {
        await using var primary = await OpenPrimaryForWriteAsync(ct);
        return await CurrentLsnAsync(primary, ct);
    }

    /// <summary>
    /// A replica that has replayed <paramref name="required"/>, by the monitor's last probe or else by asking it on
    /// the read's own connection; null when none has. Asking matters under writes: the monitor looks every 100 ms, a
    /// writer often reads again sooner, and a replica a millisecond behind has usually caught up by then, so without
    /// asking those reads all landed on the primary (the replicas' share of reads fell to 89 % in a write-heavy mix).
    /// A replica that refuses or drops the connection leaves the rotation; one whose pool has no free connection in
    /// time does not (it is busy, not down): the pool timeout surfaces as the fast 503, instead of every replica being
    /// marked down under load and the overflow moved onto the primary.
    /// </summary>
    private async ValueTask<RoutedConnection?> OpenReplicaAsync(ulong required, CancellationToken ct)
    {
        if (required == UnknownLsn)
        {
            return null;
        }

        for (var attempt = 0; attempt < Replicas.Count; attempt++)
        {
            var replica = Replicas[(int)((uint)Interlocked.Increment(ref _next) % Replicas.Count)];
            var knownCaughtUp = replica.ReplayLsn >= required;
            if (!replica.Healthy)
            {
                continue;
            }

            NpgsqlConnection? connection = null;
            try
            {
                DownstreamCalls.RecordStore();
                connection = await replica.Source.OpenConnectionAsync(ct);
                if (knownCaughtUp || await CaughtUpAsync(connection, required, ct))
                {
                    Reads.Add(1, new KeyValuePair<string, object?>("role", "replica"));
                    (var ready, connection) = (connection, null);
                    return new RoutedConnection(ready, replica);
                }
            }
            catch (NpgsqlException e) when (!ct.IsCancellationRequested && !PoolExhaustion.IsPoolWaitTimeout(e))
            {
                // Out of rotation until the monitor sees it answer again.
                replica.MarkNotAnswering();
            }
            finally
            {
                if (connection is not null)
                {
                    await connection.DisposeAsync();
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the replica behind <paramref name="connection"/> has replayed <paramref name="required"/>, asking again
    /// at 1, 2, 4 ... ms for up to <see cref="PostgresOptions.ReplicaCatchUpWait"/>: a replica streaming a write-heavy
    /// load is a moment behind the primary, and a few milliseconds here keep the read off the primary.
    /// </summary>
    private async Task<bool> CaughtUpAsync(NpgsqlConnection connection, ulong required, CancellationToken ct)
    {
        var started = _time.GetTimestamp();
        var pause = TimeSpan.FromMilliseconds(1);
        while (true)
        {
            if (await ReplayLsnAsync(connection, ct) >= required)
            {
                return true;
            }

            var left = _options.ReplicaCatchUpWait - _time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            await Task.Delay(pause < left ? pause : left, _time, ct);
            pause *= 2;
        }
    }

    private async ValueTask<NpgsqlConnection> OpenFallbackAsync(CancellationToken ct)
    {
        if (Replicas.Count > 0)
        {
            Fallbacks.Add(1);
        }

        return await OpenPrimaryAsync(ct);
    }

    private static async Task<ulong> CurrentLsnAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT pg_current_wal_lsn()", connection);
        return (ulong)(NpgsqlLogSequenceNumber)(await command.ExecuteScalarAsync(ct))!;
    }

    internal static async Task<ulong> ReplayLsnAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT pg_last_wal_replay_lsn()", connection);
        return (ulong)(NpgsqlLogSequenceNumber)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a primary transaction, then records the WAL position the commit
    /// reached for the current reader, so their next reads wait for a replica that has it.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken ct)
    {
        // Writes are not reads: stadium_db_reads_total{role} measures how reads are spread.
        await using var connection = await OpenPrimaryForWriteAsync(ct);
        T result;
        await using (var transaction = await connection.BeginTransactionAsync(ct))
        {
            result = await work(connection, transaction);
            await transaction.CommitAsync(ct);
        }

        await RecordCommitAsync(connection, ct);
        return result;
    }

    /// <summary>
    /// Runs one statement on the primary as its own transaction (no BEGIN/COMMIT round trips; a single statement is
    /// atomic by itself), then records its WAL position as <see cref="WriteAsync{T}"/> does.
    /// </summary>
    public async Task<T> WriteStatementAsync<T>(Func<NpgsqlConnection, Task<T>> statement, CancellationToken ct)
    {
        await using var connection = await OpenPrimaryForWriteAsync(ct);
        var result = await statement(connection);
        await RecordCommitAsync(connection, ct);
        return result;
    }

    /// <summary>Records the WAL position a commit just reached on <paramref name="connection"/> for the current reader.</summary>
    private async Task RecordCommitAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        if (Replicas.Count > 0)
        {
            try
            {
                RecordWrite(await CurrentLsnAsync(connection, ct));
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException)
            {
                // The write is committed, so the request succeeds; only its WAL position is unknown. The writer's
                // reads go to the primary for the read-your-writes window instead (no replica reaches "unknown").
                PinToPrimary();
            }
        }
    }

    /// <summary>After a write whose WAL position could not be read: the writer (or, outside a request, this process) reads the primary for the window.</summary>
    private void PinToPrimary()
    {
        var now = _time.GetTimestamp();
        if (ReadConsistency.Current?.UserId is { } user)
        {
            _lastWrites[user] = (UnknownLsn, now);
        }
        else
        {
            Interlocked.Exchange(ref _processPinnedAt, now);
        }
    }

    private void RecordWrite(ulong lsn)
    {
        InterlockedMax(ref _lastWriteLsn, (long)lsn);
        if (ReadConsistency.Current is not { } reader)
        {
            return;
        }

        reader.WrittenLsn = Math.Max(reader.WrittenLsn, lsn);
        if (reader.UserId is { } user)
        {
            var now = _time.GetTimestamp();
            _lastWrites[user] = (lsn, now);
            ForgetExpiredWrites(now);
        }
    }

    /// <summary>Writers whose read-your-writes window may still be open (entries are dropped within two windows).</summary>
    public int TrackedWriters => _lastWrites.Count;

    /// <summary>
    /// Drops the writes whose window has closed, at most once per window, so the map holds only the users who
    /// wrote in the last two windows instead of everyone who ever wrote (a reader drops only their own entry).
    /// </summary>
    private void ForgetExpiredWrites(long now)
    {
        var due = Interlocked.Read(ref _nextSweepAt);
        var window = ReadYourWritesWindow;
        if (now < due || Interlocked.CompareExchange(ref _nextSweepAt, now + (long)(window.TotalSeconds * _time.TimestampFrequency), due) != due)
        {
            return;
        }

        foreach (var entry in _lastWrites)
        {
            if (_time.GetElapsedTime(entry.Value.At, now) >= window)
            {
                _lastWrites.TryRemove(entry);
            }
        }
    }

    /// <summary>
    /// Requests say who reads (see <see cref="ReadConsistency"/>). Code outside a request (jobs, tools,
    /// tests) gets read-your-writes for the whole process: it never sees a replica older than its own writes.
    /// </summary>
    private ulong RequiredLsn()
    {
        var floor = (ulong)Interlocked.Read(ref _floorLsn);
        if (ReadConsistency.Current is not { } reader)
        {
            var pinnedAt = Interlocked.Read(ref _processPinnedAt);
            return pinnedAt != 0 && _time.GetElapsedTime(pinnedAt) < ReadYourWritesWindow
                ? UnknownLsn
                : Math.Max(floor, (ulong)Interlocked.Read(ref _lastWriteLsn));
        }

        var required = Math.Max(floor, reader.MinimumLsn);
        if (reader.UserId is { } user && _lastWrites.TryGetValue(user, out var write))
        {
            if (_time.GetElapsedTime(write.At) < ReadYourWritesWindow)
            {
                required = Math.Max(required, write.Lsn);
            }
            else
            {
                _lastWrites.TryRemove(KeyValuePair.Create(user, write));
            }
        }

        return required;
    }

    /// <summary>
    /// A replica may serve reads while it is up to <see cref="PostgresOptions.MaxReplicaLag"/> behind, so a writer's
    /// own reads must be pinned at least that long (plus two probes) or an expired window would land on it.
    /// </summary>
    private TimeSpan ReadYourWritesWindow =>
        TimeSpan.FromTicks(Math.Max(_options.ReadYourWritesWindow.Ticks, (_options.MaxReplicaLag + 2 * _options.ReplicaProbeInterval).Ticks));

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    /// <summary>Polls replay positions so routing decisions never wait on a round trip.</summary>
    private async Task MonitorAsync()
    {
        try
        {
            await ProbeLoopAsync();
        }
        catch (Exception) when (_stopping.IsCancellationRequested)
        {
            // Shutting down: whatever the last probe was doing no longer matters.
        }
    }

    private async Task ProbeLoopAsync()
    {
        using var timer = new PeriodicTimer(_options.ReplicaProbeInterval, _time);
        var history = new PrimaryHistory(_time);
        do
        {
            ulong primaryLsn;
            try
            {
                primaryLsn = await ProbeAsync(ReadPrimaryProbeAsync, _options.ReplicaProbeTimeout, _stopping.Token);
                _primaryAnswers.Answered();
            }
            catch (Exception) when (!_stopping.IsCancellationRequested)
            {
                _primaryAnswers.Stopped();
                continue;
            }

            history.Add(primaryLsn);
            // Side by side: one replica that stops answering must not delay the others' probes by its timeout.
            await Task.WhenAll(Replicas.Select(replica => replica.ProbeAsync(primaryLsn, history, _options, _stopping.Token)));
        }
        while (await WaitAsync(timer));
    }

    private async Task<ulong> ReadPrimaryProbeAsync(CancellationToken ct)
    {
        await using var connection = await _primaryProbe.OpenConnectionAsync(ct);
        return await CurrentLsnAsync(connection, ct);
    }

    /// <summary>
    /// Runs a monitor probe with its deadline kept here rather than left to Npgsql: cancelling a statement on a server
    /// that stopped answering takes it seconds more (a cancellation request nobody reads), and the probe has its answer.
    /// </summary>
    internal static async Task<T> ProbeAsync<T>(Func<CancellationToken, Task<T>> probe, TimeSpan deadline, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(deadline);
        var running = probe(timeout.Token);
        try
        {
            return await running.WaitAsync(deadline, ct);
        }
        catch (TimeoutException)
        {
            Abandon(running);
            throw;
        }
    }

    private async Task<bool> WaitAsync(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stopping.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>A role's pool for requests: bounded, a short wait for a free connection, and a command timeout.</summary>
    private NpgsqlDataSource Build(string connectionString, string name) =>
        Build(new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxPoolSize = _options.MaxPoolSize,
            Timeout = Seconds(_options.PoolWaitTimeout),
            CommandTimeout = Seconds(_options.CommandTimeout),
            ApplicationName = "stadium",
            MaxAutoPrepare = _options.MaxAutoPrepare,
        }, name);

    /// <summary>
    /// The monitor's own one-connection pool per server: a saturated request pool must not make a healthy
    /// server look down (its probe would wait for a connection and time out).
    /// </summary>
    private NpgsqlDataSource BuildProbe(string connectionString, string name) =>
        Build(new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxPoolSize = 1,
            Timeout = Seconds(_options.ReplicaProbeTimeout),
            CommandTimeout = Seconds(_options.ReplicaProbeTimeout),
            // A probe that timed out has its answer (the server is not answering): no 2 s wait for the cancellation.
            CancellationTimeout = -1,
            ApplicationName = "stadium-monitor",
        }, name);

    private NpgsqlDataSource BuildBulkLoad(string connectionString) =>
        Build(new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxPoolSize = 2,
            Timeout = Seconds(_options.PoolWaitTimeout),
            CommandTimeout = 0,
            ApplicationName = "stadium-bulk-load",
        }, "primary-bulk-load");

    private static NpgsqlDataSource Build(NpgsqlConnectionStringBuilder builder, string name) =>
        new NpgsqlDataSourceBuilder(builder.ConnectionString) { Name = name }.Build();

    private static int Seconds(TimeSpan span) => Math.Max(1, (int)Math.Ceiling(span.TotalSeconds));

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _monitor;
        await Primary.DisposeAsync();
        await _primaryProbe.DisposeAsync();
        if (_bulkLoad.IsValueCreated)
        {
            await _bulkLoad.Value.DisposeAsync();
        }

        foreach (var replica in Replicas)
        {
            await replica.Source.DisposeAsync();
            await replica.ProbeSource.DisposeAsync();
        }

        _stopping.Dispose();
    }
}

/// <summary>A connection and the replica it leads to (null: the primary).</summary>
internal readonly record struct RoutedConnection(NpgsqlConnection Connection, ReplicaNode? Replica);

/// <summary>One replica's pool and what the monitor last saw of it.</summary>
public sealed class ReplicaNode(string name, NpgsqlDataSource source, NpgsqlDataSource probeSource)
{
    private long _replayLsn;
    private long _lagBytes;
    private long _lagTicks;
    private readonly AnswerWatch _answers = new();
    private volatile bool _healthy;

    public string Name => name;

    /// <summary>The pool reads use.</summary>
    public NpgsqlDataSource Source => source;

    /// <summary>The monitor's own connection, apart from the reads' pool.</summary>
    public NpgsqlDataSource ProbeSource => probeSource;

    public ulong ReplayLsn => (ulong)Interlocked.Read(ref _replayLsn);

    public long LagBytes => Interlocked.Read(ref _lagBytes);

    public bool Healthy => _healthy;

    /// <summary>Completes when the replica stops answering (a failed probe or connection); renewed once it answers again.</summary>
    public Task StoppedAnswering => _answers.StoppedAnswering;

    /// <summary>Takes the replica out of the read rotation and releases the reads waiting on it.</summary>
    public void MarkNotAnswering()
    {
        _healthy = false;
        _answers.Stopped();
    }

    public TimeSpan LagTime => TimeSpan.FromTicks(Interlocked.Read(ref _lagTicks));

    public async Task ProbeAsync(ulong primaryLsn, PrimaryHistory history, PostgresOptions options, CancellationToken ct)
    {
        try
        {
            var replay = await PostgresDatabase.ProbeAsync(ReadReplayLsnAsync, options.ReplicaProbeTimeout, ct);
            Interlocked.Exchange(ref _replayLsn, (long)replay);
            var lag = primaryLsn > replay ? (long)(primaryLsn - replay) : 0;
            Interlocked.Exchange(ref _lagBytes, lag);
            var lagTime = history.LagOf(replay);
            Interlocked.Exchange(ref _lagTicks, lagTime.Ticks);
            _answers.Answered();
            _healthy = lag <= options.MaxReplicaLagBytes && lagTime <= options.MaxReplicaLag;
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            MarkNotAnswering();
        }
    }

    private async Task<ulong> ReadReplayLsnAsync(CancellationToken ct)
    {
        await using var connection = await probeSource.OpenConnectionAsync(ct);
        return await PostgresDatabase.ReplayLsnAsync(connection, ct);
    }
}

/// <summary>
/// Where the primary's WAL was at each recent probe, so a replica's replay position converts into time behind:
/// the lag is how long ago the primary first moved past that position.
/// </summary>
public sealed class PrimaryHistory(TimeProvider time)
{
    private const int Capacity = 4096;
    private readonly Queue<(ulong Lsn, long At)> _samples = new();

    public void Add(ulong primaryLsn)
    {
        if (_samples.Count == Capacity)
        {
            _samples.Dequeue();
        }

        _samples.Enqueue((primaryLsn, time.GetTimestamp()));
    }

    /// <summary>Time since the primary first stood past <paramref name="replayLsn"/> (among the samples kept).</summary>
    public TimeSpan LagOf(ulong replayLsn)
    {
        foreach (var sample in _samples)
        {
            if (sample.Lsn > replayLsn)
            {
                return time.GetElapsedTime(sample.At);
            }
        }

        return TimeSpan.Zero;
    }
}

/// <summary>Whether a server answers its monitor, with a task that completes the moment it stops (so waiting reads can leave).</summary>
public sealed class AnswerWatch
{
    private TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool Answering => !StoppedAnswering.IsCompleted;

    /// <summary>Completes when the server stops answering; renewed once it answers again.</summary>
    public Task StoppedAnswering => Volatile.Read(ref _stopped).Task;

    public void Stopped() => Volatile.Read(ref _stopped).TrySetResult();

    public void Answered()
    {
        if (Volatile.Read(ref _stopped).Task.IsCompleted)
        {
            Volatile.Write(ref _stopped, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }
    }
}
