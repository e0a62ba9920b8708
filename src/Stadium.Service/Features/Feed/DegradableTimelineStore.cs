using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Stadium.Service.Platform;
using Stadium.Service.Platform.Memory;
using Stadium.Service.Platform.Redis;

namespace Stadium.Service.Features.Feed;

/// <summary>
/// Redis timelines with a way down and a way back. While Redis is unreachable, timelines are served
/// by a per-node <see cref="InMemoryTimelineStore"/> that is dropped every
/// <see cref="RedisOptions.DegradedTimelineLifetime"/>: this node cannot see other nodes' pushes then,
/// so its copies are rebuilt from the store often enough to stay close. Pushes Redis missed are
/// remembered by key; when Redis answers again those timelines are deleted there before use (they
/// rebuild on their next read), so a post written during the outage is not missing afterwards.
/// Every Redis call goes through the <c>redis</c> pipeline (<see cref="CacheDegradation.RunAsync{T}"/>); whether to try
/// Redis at all is its breaker's state, observed through <see cref="CacheDegradation.ShouldTryRedis"/>.
/// </summary>
internal sealed class DegradableTimelineStore(
    RedisTimelineStore redis, CacheDegradation degradation, IOptions<RedisOptions> options, IOptions<FeedOptions> feed, TimeProvider time,
    MemoryBudget budget) : ITimelineStore
{
    /// <summary>Beyond this many missed keys, the rest are left to expire by their idle TTL.</summary>
    private const int MaxMissedKeys = 100_000;

    private readonly ConcurrentDictionary<TimelineKey, byte> _missed = new();
    private readonly SemaphoreSlim _repair = new(1, 1);
    private LocalTimelines? _local;

    public async ValueTask<TimelineSlice> ReadAsync(
        TimelineKey key, long? before, int count, Func<CancellationToken, Task<IReadOnlyList<long>>> load, CancellationToken ct)
    {
        if (await RedisUsableAsync(ct))
        {
            try
            {
                return await degradation.RunAsync(token => redis.ReadAsync(key, before, count, load, token), retryable: true, ct);
            }
            catch (Exception e) when (CacheDegradation.IsUnavailable(e))
            {
                // Served below, from this node's own copies.
            }
        }

        degradation.CountDegraded("timeline.read");

        return await Local().ReadAsync(key, before, count, load, ct);
    }

    public async ValueTask PushAsync(IReadOnlyList<TimelineKey> keys, long postId, CancellationToken ct)
    {
        // Local copies (if any) take the push too, so this node's own writes show up while degraded.
        if (_local is { } local)
        {
            await local.Store.PushAsync(keys, postId, ct);
        }

        if (await RedisUsableAsync(ct))
        {
            try
            {
                // Not retried: a push that reached Redis before its answer was lost would be pushed twice.
                await degradation.RunAsync(token => redis.PushAsync(keys, postId, token), retryable: false, ct);
                return;
            }
            catch (Exception e) when (CacheDegradation.IsUnavailable(e))
            {
                // Remembered below.
            }
        }

        degradation.CountDegraded("timeline.push");

        // Some batches may have landed; deleting a timeline that did get the post only costs a rebuild.
        Remember(keys);
    }

    public async ValueTask InvalidateAsync(TimelineKey key, CancellationToken ct)
    {
        if (_local is { } local)
        {
            await local.Store.InvalidateAsync(key, ct);
        }

        if (await RedisUsableAsync(ct))
        {
            try
            {
                await degradation.RunAsync(token => redis.InvalidateAsync(key, token), retryable: true, ct);
                return;
            }
            catch (Exception e) when (CacheDegradation.IsUnavailable(e))
            {
                degradation.CountDegraded("timeline.invalidate");
            }
        }

        Remember([key]);
    }

    private void Remember(IReadOnlyList<TimelineKey> keys)
    {
        foreach (var key in keys)
        {
            if (_missed.Count >= MaxMissedKeys)
            {
                break;
            }

            _missed.TryAdd(key, 0);
        }
    }

    /// <summary>True when Redis may be used; first deletes the timelines that missed pushes while it was away.</summary>
    private async ValueTask<bool> RedisUsableAsync(CancellationToken ct)
    {
        if (!degradation.ShouldTryRedis)
        {
            return false;
        }

        if (_missed.IsEmpty)
        {
            _local = null;
            return true;
        }

        await _repair.WaitAsync(ct);
        try
        {
            foreach (var chunk in _missed.Keys.Chunk(1000))
            {
                await degradation.RunAsync(token => redis.InvalidateManyAsync(chunk, token), retryable: true, ct);
                foreach (var key in chunk)
                {
                    _missed.TryRemove(key, out _);
                }
            }

            _local = null;
            return true;
        }
        catch (Exception e) when (CacheDegradation.IsUnavailable(e))
        {
            degradation.CountDegraded("timeline.repair");
            return false;
        }
        finally
        {
            _repair.Release();
        }
    }

    private InMemoryTimelineStore Local()
    {
        var now = time.GetUtcNow();
        var current = _local;
        if (current is null || now - current.Created > options.Value.DegradedTimelineLifetime)
        {
            current = new LocalTimelines(new InMemoryTimelineStore(feed, time, budget.LimitOf(CacheNames.Timelines)), now);
            _local = current;
        }

        return current.Store;
    }

    private sealed record LocalTimelines(InMemoryTimelineStore Store, DateTimeOffset Created);
}
