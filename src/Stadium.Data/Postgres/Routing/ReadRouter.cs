using Npgsql;

namespace Stadium.Data.Postgres.Routing;

/// <summary>
/// Sends each read to a replica that is in rotation and has replayed what the reader needs, else to the primary, and
/// moves a read whose replica fails under it (connection lost, no answer within the command timeout, or a monitor
/// probe unanswered within the probe timeout, whichever comes first) to the primary.
/// </summary>
internal sealed class ReadRouter(
    PostgresDataSources sources, ReplicaMonitor monitor, ReadYourWritesWindow window, DatabaseMetrics metrics, PostgresOptions options, TimeProvider time)
{
    private int _next;

    private IReadOnlyList<ReplicaNode> Replicas => sources.Replicas;

    public Task<T> ReadAsync<T>(Func<NpgsqlConnection, Task<T>> query, CancellationToken ct) => RunAsync(RouteAsync, query, ct);

    public Task<T> ReadUpToDateAsync<T>(Func<NpgsqlConnection, Task<T>> query, CancellationToken ct) => RunAsync(RouteUpToDateAsync, query, ct);

    /// <summary>A connection for a read by the current reader.</summary>
    public async ValueTask<NpgsqlConnection> OpenReadAsync(CancellationToken ct) => (await RouteAsync(ct)).Connection;

    /// <summary>A connection that sees every commit made anywhere before this call, whoever reads.</summary>
    public async ValueTask<NpgsqlConnection> OpenUpToDateReadAsync(CancellationToken ct) => (await RouteUpToDateAsync(ct)).Connection;

    /// <summary>A primary connection for a read that must not be stale (counted as a primary read).</summary>
    public async ValueTask<NpgsqlConnection> OpenPrimaryReadAsync(CancellationToken ct)
    {
        metrics.PrimaryRead();
        return await sources.OpenAsync(sources.Primary, ct);
    }

    private async Task<T> RunAsync<T>(Func<CancellationToken, ValueTask<RoutedConnection>> route, Func<NpgsqlConnection, Task<T>> query, CancellationToken ct)
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
            catch (NpgsqlException e) when (!ct.IsCancellationRequested && PostgresErrors.IsNodeFailure(e))
            {
                replica.MarkNotAnswering();
            }
        }
        else
        {
            Stranded.Abandon(read);
        }

        metrics.Failover(replica);
        await using var primary = await OpenFallbackAsync(ct);
        return await query(primary);
    }

    private static async Task<T> RunAndReleaseAsync<T>(NpgsqlConnection connection, Func<NpgsqlConnection, Task<T>> query)
    {
        await using (connection)
        {
            return await query(connection);
        }
    }

    private async ValueTask<RoutedConnection> RouteAsync(CancellationToken ct) =>
        await OpenReplicaAsync(window.RequiredLsn(), ct) ?? new RoutedConnection(await OpenFallbackAsync(ct), null);

    private async ValueTask<RoutedConnection> RouteUpToDateAsync(CancellationToken ct)
    {
        if (!Replicas.Any(r => r.Healthy))
        {
            return new RoutedConnection(await OpenFallbackAsync(ct), null);
        }

        if (await PrimaryPositionAsync(ct) is not { } primaryLsn)
        {
            // The primary is not answering, so nothing new can commit: what the replicas hold is as up to date as any
            // answer gets, and the read is served instead of failing with the primary.
            metrics.PrimaryOutageRead();
            return await RouteAsync(ct);
        }

        return await OpenReplicaAsync(Math.Max(window.RequiredLsn(), primaryLsn), ct)
            ?? new RoutedConnection(await OpenFallbackAsync(ct), null);
    }

    /// <summary>The primary's WAL position now; null when the primary is not answering (by the monitor, or by this very call).</summary>
    private async Task<ulong?> PrimaryPositionAsync(CancellationToken ct)
    {
        var stoppedAnswering = monitor.Primary.StoppedAnswering;
        if (stoppedAnswering.IsCompleted)
        {
            return null;
        }

        var position = ReadPrimaryPositionAsync(ct);
        if (await Task.WhenAny(position, stoppedAnswering) != position)
        {
            Stranded.Abandon(position);
            return null;
        }

        try
        {
            return await position;
        }
        catch (NpgsqlException e) when (!ct.IsCancellationRequested && PostgresErrors.IsNodeFailure(e) && !PostgresErrors.IsPoolWaitTimeout(e))
        {
            monitor.Primary.Stopped();
            return null;
        }
    }

    private async Task<ulong> ReadPrimaryPositionAsync(CancellationToken ct)
    {
        await using var primary = await sources.OpenAsync(sources.Primary, ct);
        return await WalPosition.CurrentAsync(primary, ct);
    }

    /// <summary>
    /// A replica that has replayed <paramref name="required"/>, by the monitor's last probe or else by asking it on the
    /// read's own connection; null when none has. Asking matters under writes: the monitor looks every 100 ms, a writer
    /// often reads again sooner, and a replica a millisecond behind has usually caught up by then. A replica that
    /// refuses or drops the connection leaves the rotation; one whose pool has no free connection in time does not (it
    /// is busy, not down): the pool timeout surfaces as the fast 503 rather than every replica being marked down under
    /// load and the overflow moved onto the primary.
    /// </summary>
    private async ValueTask<RoutedConnection?> OpenReplicaAsync(ulong required, CancellationToken ct)
    {
        if (required == ReadYourWritesWindow.UnknownLsn)
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
                connection = await sources.OpenAsync(replica.Source, ct);
                if (knownCaughtUp || await CaughtUpAsync(connection, required, ct))
                {
                    metrics.ReplicaRead();
                    (var ready, connection) = (connection, null);
                    return new RoutedConnection(ready, replica);
                }
            }
            catch (NpgsqlException e) when (!ct.IsCancellationRequested && !PostgresErrors.IsPoolWaitTimeout(e))
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
        var started = time.GetTimestamp();
        var pause = TimeSpan.FromMilliseconds(1);
        while (true)
        {
            if (await WalPosition.ReplayedAsync(connection, ct) >= required)
            {
                return true;
            }

            var left = options.ReplicaCatchUpWait - time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            await Task.Delay(pause < left ? pause : left, time, ct);
            pause *= 2;
        }
    }

    private async ValueTask<NpgsqlConnection> OpenFallbackAsync(CancellationToken ct)
    {
        if (Replicas.Count > 0)
        {
            metrics.Fallback();
        }

        return await OpenPrimaryReadAsync(ct);
    }
}
