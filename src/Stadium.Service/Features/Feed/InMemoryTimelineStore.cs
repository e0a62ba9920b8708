using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Stadium.Service.Platform;

namespace Stadium.Service.Features.Feed;

/// <summary>
/// The embedded default: timelines in process memory, bounded by <see cref="FeedOptions.MaxResidentTimelines"/>
/// with least-recently-read eviction.
/// </summary>
internal sealed class InMemoryTimelineStore(IOptions<FeedOptions> options, TimeProvider time) : ITimelineStore
{
    private readonly ConcurrentDictionary<TimelineKey, Timeline> _timelines = new();
    private int _evicting;

    private int Capacity => options.Value.TimelineCapacity;

    public int ResidentCount => _timelines.Count;

    public async ValueTask<TimelineSlice> ReadAsync(
        TimelineKey key, long? before, int count, Func<CancellationToken, Task<IReadOnlyList<long>>> load, CancellationToken ct)
    {
        while (true)
        {
            var timeline = _timelines.GetOrAdd(key, static _ => new Timeline());
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
                    _timelines.TryRemove(new KeyValuePair<TimelineKey, Timeline>(key, timeline));
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
        _timelines.TryRemove(key, out _);
        return ValueTask.CompletedTask;
    }

    private void EvictIfNeeded()
    {
        var max = options.Value.MaxResidentTimelines;
        if (_timelines.Count <= max || Interlocked.Exchange(ref _evicting, 1) == 1)
        {
            return;
        }

        try
        {
            // Drop the least recently read tenth in one pass, so eviction cost is amortised over many builds.
            var victims = _timelines
                .Select(pair => (pair.Key, pair.Value.LastRead))
                .OrderBy(pair => pair.LastRead)
                .Take(Math.Max(1, _timelines.Count - max + (max / 10)))
                .ToList();
            foreach (var (key, _) in victims)
            {
                _timelines.TryRemove(key, out _);
            }
        }
        finally
        {
            Volatile.Write(ref _evicting, 0);
        }
    }

    /// <summary>Ids ascending in a list (newest at the end) guarded by a lock; reads walk it backwards.</summary>
    private sealed class Timeline
    {
        private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<long> _ids = [];
        private int _building;

        public Task Ready => _ready.Task;

        public long LastRead { get; private set; }

        public bool TryClaimBuild() => Interlocked.Exchange(ref _building, 1) == 0;

        public void Complete(IReadOnlyList<long> newestFirst, int capacity)
        {
            lock (_ids)
            {
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
            }

            _ready.TrySetResult();
        }

        public void Fail(Exception e) => _ready.TrySetException(e);

        public void Add(long id, int capacity)
        {
            lock (_ids)
            {
                Insert(id, capacity);
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

        private int LowerBound(long value)
        {
            var index = _ids.BinarySearch(value);
            return index >= 0 ? index : ~index;
        }
    }
}
