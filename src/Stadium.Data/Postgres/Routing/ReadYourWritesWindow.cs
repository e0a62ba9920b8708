using System.Collections.Concurrent;
using Stadium.Data.Requests;

namespace Stadium.Data.Postgres.Routing;

/// <summary>
/// The WAL position a read must find on a replica: the schema's (no query meets a replica that lacks a table), the
/// client's consistency token, and for a reader who wrote within the window their last write. Code outside a request
/// (jobs, tools, tests) gets read-your-writes for the whole process: it never sees a replica older than its own writes.
/// </summary>
internal sealed class ReadYourWritesWindow(PostgresOptions options, TimeProvider time, DataRequestAccessor requests)
{
    /// <summary>The position of a committed write that could not be read: no replica ever reaches it, so reads needing it go to the primary.</summary>
    public const ulong UnknownLsn = ulong.MaxValue;

    private readonly ConcurrentDictionary<long, (ulong Lsn, long At)> _lastWrites = new();
    private long _lastWriteLsn;
    private long _floorLsn;
    private long _nextSweepAt;
    private long _processPinnedAt;

    /// <summary>Writers whose window may still be open (entries are dropped within two windows).</summary>
    public int TrackedWriters => _lastWrites.Count;

    /// <summary>
    /// A replica may serve reads while it is up to <see cref="PostgresOptions.MaxReplicaLag"/> behind, so a writer's
    /// own reads must be pinned at least that long (plus two probes) or an expired window would land on it.
    /// </summary>
    public TimeSpan Window =>
        TimeSpan.FromTicks(Math.Max(options.ReadYourWritesWindow.Ticks, (options.MaxReplicaLag + 2 * options.ReplicaProbeInterval).Ticks));

    /// <summary>Every later read waits for a replica that has replayed <paramref name="lsn"/> (the migrations' end).</summary>
    public void RaiseFloor(ulong lsn) => Atomic.Max(ref _floorLsn, (long)lsn);

    public ulong RequiredLsn()
    {
        var floor = (ulong)Interlocked.Read(ref _floorLsn);
        if (requests.Current is not { } reader)
        {
            var pinnedAt = Interlocked.Read(ref _processPinnedAt);
            return pinnedAt != 0 && time.GetElapsedTime(pinnedAt) < Window
                ? UnknownLsn
                : Math.Max(floor, (ulong)Interlocked.Read(ref _lastWriteLsn));
        }

        var required = Math.Max(floor, reader.MinimumLsn);
        if (reader.UserId is { } user && _lastWrites.TryGetValue(user, out var write))
        {
            if (time.GetElapsedTime(write.At) < Window)
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

    /// <summary>A write committed at <paramref name="lsn"/> for the current request (or, outside one, this process).</summary>
    public void RecordWrite(ulong lsn)
    {
        Atomic.Max(ref _lastWriteLsn, (long)lsn);
        if (requests.Current is not { } request)
        {
            return;
        }

        request.RecordWrite(lsn);
        if (request.UserId is { } user)
        {
            var now = time.GetTimestamp();
            _lastWrites[user] = (lsn, now);
            ForgetExpiredWrites(now);
        }
    }

    /// <summary>After a write whose WAL position could not be read: the writer (or, outside a request, this process) reads the primary for the window.</summary>
    public void PinToPrimary()
    {
        var now = time.GetTimestamp();
        if (requests.Current?.UserId is { } user)
        {
            _lastWrites[user] = (UnknownLsn, now);
        }
        else
        {
            Interlocked.Exchange(ref _processPinnedAt, now);
        }
    }

    /// <summary>
    /// Drops the writes whose window has closed, at most once per window, so the map holds only the users who
    /// wrote in the last two windows instead of everyone who ever wrote (a reader drops only their own entry).
    /// </summary>
    private void ForgetExpiredWrites(long now)
    {
        var due = Interlocked.Read(ref _nextSweepAt);
        var window = Window;
        if (now < due || Interlocked.CompareExchange(ref _nextSweepAt, now + (long)(window.TotalSeconds * time.TimestampFrequency), due) != due)
        {
            return;
        }

        foreach (var entry in _lastWrites)
        {
            if (time.GetElapsedTime(entry.Value.At, now) >= window)
            {
                _lastWrites.TryRemove(entry);
            }
        }
    }
}
