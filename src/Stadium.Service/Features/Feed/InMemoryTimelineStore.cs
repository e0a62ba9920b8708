using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using Stadium.Service.Platform;
using Stadium.Service.Platform.Memory;

namespace Stadium.Service.Features.Feed;

/// <summary>
/// The embedded default: timelines in process memory, each at most <see cref="FeedOptions.TimelineCapacity"/> ids, and
/// in total at most <see cref="FeedOptions.MaxResidentTimelines"/> timelines and <paramref name="byteLimit"/> bytes
/// (the "timelines" share of the memory budget), with least-recently-read eviction.
/// </summary>
internal sealed class InMemoryTimelineStore(
    IOptions<FeedOptions> options, TimeProvider time, long byteLimit = long.MaxValue, MemoryMetrics? metrics = null) : ITimelineStore, IBoundedCache
{
    /// <summary>A timeline's objects (list, lock, completion source, dictionary node) before its ids.</summary>
    public const long TimelineBytes = 256;

    private readonly ConcurrentDictionary<TimelineKey, Timeline> _timelines = new();
    private readonly StrongBox<long> _ids = new();
    private int _evicting;

    private int Capacity => options.Value.TimelineCapacity;

    public int ResidentCount => _timelines.Count;

    public string Name => CacheNames.Timelines;

    /// <summary>Eight bytes per id held (a list grows its array by doubling, so up to twice that is allocated).</summary>
    public long Size => (_timelines.Count * TimelineBytes) + (Interlocked.Read(ref _ids.Value) * sizeof(long));

    public long Limit => byteLimit;

    public async ValueTask<TimelineSlice> ReadAsync(
        TimelineKey key, long? before, int count, Func<CancellationToken, Task<IReadOnlyList<long>>> load, CancellationToken ct)
    {
        while (true)
        {
            var timeline = _timelines.GetOrAdd(key, static (_, ids) => new Timeline(ids), _ids);
            if (!timeline.Ready.IsCompleted && timeline.TryClaimBuild())
            {
                // The timeline was installed (empty, collecting pushes) before this load started, so a post
                // committed while the load runs is either in the load's snapshot or pushed here: never lost.
                try
                {
                    var ids = await load(ct);
                    timeline.Complete(ids, Capacity);
                }
                catch (Exception e)
                {
                    if (_timelines.TryRemove(new KeyValuePair<TimelineKey, Timeline>(key, timeline)))
                    {
                        timeline.Release();
                    }

                    timeline.Fail(e);
                    throw;
                }

                EvictIfNeeded();
            }

            try
            {
                await timeline.Ready.WaitAsync(ct);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // The reader building this timeline gave up (its client went away) and took its token's
                // cancellation with it; that is no failure of this reader's. The abandoned timeline is
                // already removed, so the next pass builds it afresh (a celebrity's list has many waiters).
                continue;
            }

            return timeline.Read(before, count, time.GetTimestamp());
        }
    }

    public ValueTask PushAsync(IReadOnlyList<TimelineKey> keys, long postId, CancellationToken ct)
    {
        foreach (var key in keys)
        {
            if (_timelines.TryGetValue(key, out var timeline))
            {
                timeline.Add(postId, Capacity);
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask InvalidateAsync(TimelineKey key, CancellationToken ct)
    {
        if (_timelines.TryRemove(key, out var timeline))
        {
            timeline.Release();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Drops the least recently read <paramref name="fraction"/> of the timelines (they are rebuilt on demand).</summary>
    public void Trim(double fraction) => Evict((int)Math.Ceiling(_timelines.Count * fraction), "pressure");

    private void EvictIfNeeded()
    {
        var max = options.Value.MaxResidentTimelines;
        if (_timelines.Count > max)
        {
            // Drop the least recently read tenth in one pass, so eviction cost is amortised over many builds.
            Evict(_timelines.Count - max + (max / 10), "capacity");
        }
        else if (Size > byteLimit && _timelines.Count > 0)
        {
            // As many timelines as the overflow plus a tenth of the limit take at the average size, for the same reason.
            var average = Math.Max(1, Size / _timelines.Count);
            Evict((int)Math.Min(_timelines.Count, ((Size - byteLimit) + (byteLimit / 10)) / average + 1), "capacity");
        }
    }

    private void Evict(int count, string reason)
    {
        if (count <= 0 || Interlocked.Exchange(ref _evicting, 1) == 1)
        {
            return;
        }

        try
        {
            var victims = _timelines
                .Select(pair => (pair.Key, pair.Value.LastRead))
                .OrderBy(pair => pair.LastRead)
                .Take(Math.Max(1, count))
                .ToList();
            foreach (var (key, _) in victims)
            {
                if (_timelines.TryRemove(key, out var timeline))
                {
                    timeline.Release();
                    metrics?.Evicted(Name, reason);
                }
            }
        }
        finally
        {
            Volatile.Write(ref _evicting, 0);
        }
    }

    /// <summary>
    /// Ids ascending in a list (newest at the end) guarded by a lock; reads walk it backwards. Every change to the list's
    /// length is added to the store's total until the timeline leaves the store (<see cref="Release"/>).
    /// </summary>
    private sealed class Timeline(StrongBox<long> total)
    {
        private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<long> _ids = [];
        private int _building;
        private bool _released;

        public Task Ready => _ready.Task;

        public long LastRead { get; private set; }

        public bool TryClaimBuild() => Interlocked.Exchange(ref _building, 1) == 0;

        /// <summary>Takes this timeline's ids out of the store's total; later pushes to it no longer count.</summary>
        public void Release()
        {
            lock (_ids)
            {
                if (!_released)
                {
                    _released = true;
                    Interlocked.Add(ref total.Value, -_ids.Count);
                }
            }
        }

        public void Complete(IReadOnlyList<long> newestFirst, int capacity)
        {
            lock (_ids)
            {
                var before = _ids.Count;
                var pushed = _ids.ToArray();
                _ids.Clear();
                for (var i = newestFirst.Count - 1; i >= 0; i--)
                {
                    _ids.Add(newestFirst[i]);
                }

                foreach (var id in pushed)
                {
                    Insert(id, capacity);
                }

                Count(_ids.Count - before);
            }

            _ready.TrySetResult();
        }

        public void Fail(Exception e) => _ready.TrySetException(e);

        public void Add(long id, int capacity)
        {
            lock (_ids)
            {
                var before = _ids.Count;
                Insert(id, capacity);
                Count(_ids.Count - before);
            }
        }

        public TimelineSlice Read(long? before, int count, long now)
        {
            lock (_ids)
            {
                LastRead = now;
                var end = before is { } b ? LowerBound(b) : _ids.Count;
                var take = Math.Min(count, end);
                var result = new long[take];
                for (var i = 0; i < take; i++)
                {
                    result[i] = _ids[end - 1 - i];
                }

                // Past the cap the list cannot tell whether older posts exist; like Twitter's 800, it ends there.
                return new TimelineSlice(result, end - take > 0);
            }
        }

        private void Insert(long id, int capacity)
        {
            if (_ids.Count == 0 || id > _ids[^1])
            {
                _ids.Add(id);
            }
            else
            {
                var index = _ids.BinarySearch(id);
                if (index >= 0)
                {
                    return;
                }

                _ids.Insert(~index, id);
            }

            if (_ids.Count > capacity)
            {
                _ids.RemoveAt(0);
            }
        }

        private void Count(int delta)
        {
            if (!_released && delta != 0)
            {
                Interlocked.Add(ref total.Value, delta);
            }
        }

        private int LowerBound(long value)
        {
            var index = _ids.BinarySearch(value);
            return index >= 0 ? index : ~index;
        }
    }
}
