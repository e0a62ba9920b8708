using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Stadium.Service.Platform;
using Stadium.Service.Platform.Redis;

namespace Stadium.Service.Features.Feed;

/// <summary>
/// Timelines as Redis sorted sets (member and score = post id), shared by every API node, so any node
/// serves any user's feed. Each set also holds one sentinel member scored -1: "b:TOKEN" while a node
/// builds it from the store, "r" once built. Pushes go only to sets that exist (built or building),
/// the same protocol as <see cref="InMemoryTimelineStore"/>: the set is installed before the store is
/// queried, so a post committed during the build is either in the query's snapshot or pushed into the set.
/// Reads refresh an idle expiry, so timelines of users who stopped reading leave Redis by themselves.
/// The first page of an author's own list (read by every follower of a celebrity) is memoized per
/// node for <see cref="Platform.Redis.RedisOptions.AuthorPageMemo"/>.
/// Assumes one Redis (or one hash slot per script call): a fan-out batch touches many keys in one script.
/// </summary>
internal sealed class RedisTimelineStore(IConnectionMultiplexer redis, CacheRoundTrips roundTrips, IOptions<FeedOptions> feed, IOptions<RedisOptions> options) : ITimelineStore
{
    /// <summary>Keys per push script; big enough to amortise round trips, small enough not to stall Redis.</summary>
    private const int PushBatch = 256;

    /// <summary>
    /// A build may take this long before its claim lapses and another reader may rebuild. A build is one indexed store
    /// read and one script (10-100 ms under load), so a claim that outlives its build (seen on the PostgreSQL soak for
    /// seconds at a time on the busiest users' timelines, cause not found) holds their readers for seconds, not 30 s.
    /// </summary>
    internal static readonly TimeSpan BuildClaimLifetime = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long a reader waits for another reader's build before reading the store itself: a few builds' time, and far
    /// inside the shortest read deadline (the feed's 1 s in slo.yaml). At 2 s, readers of a timeline whose claim was
    /// left behind answered 504 (63 of 336,000 feed reads in 15 minutes of the PostgreSQL soak).
    /// </summary>
    internal static readonly TimeSpan BuildWait = TimeSpan.FromMilliseconds(250);

    // Returns {"r", ids...} when built, {"w"} while another node builds, {"c"} when this caller claimed the build.
    private const string ReadScript = """
        if redis.call('ZSCORE', KEYS[1], 'r') then
          redis.call('PEXPIRE', KEYS[1], ARGV[3])
          local ids = redis.call('ZREVRANGEBYSCORE', KEYS[1], ARGV[1], 0, 'LIMIT', 0, ARGV[2])
          table.insert(ids, 1, 'r')
          return ids
        end
        if redis.call('EXISTS', KEYS[1]) == 1 then return {'w'} end
        redis.call('ZADD', KEYS[1], -1, ARGV[4])
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        return {'c'}
        """;

    // Completes this caller's build: adds the loaded ids to whatever was pushed meanwhile, marks the set
    // built and trims it. Returns 0 when the claim is gone (invalidated or lapsed): the set is left alone.
    private const string CompleteScript = """
        if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
        local batch = {}
        for i = 4, #ARGV do
          batch[#batch + 1] = ARGV[i]
          batch[#batch + 1] = ARGV[i]
          if #batch >= 1000 then redis.call('ZADD', KEYS[1], unpack(batch)); batch = {} end
        end
        if #batch > 0 then redis.call('ZADD', KEYS[1], unpack(batch)) end
        redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('ZADD', KEYS[1], -1, 'r')
        local size = redis.call('ZCARD', KEYS[1]) - 1
        local cap = tonumber(ARGV[2])
        if size > cap then redis.call('ZREMRANGEBYRANK', KEYS[1], 1, size - cap) end
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return 1
        """;

    // Drops this caller's claim after a failed build, so the next read retries.
    private const string AbandonScript = """
        if redis.call('ZSCORE', KEYS[1], ARGV[1]) then redis.call('DEL', KEYS[1]) end
        return 0
        """;

    // Adds one post id to each existing set and trims it to the cap (the sentinel stays at rank 0).
    private const string PushScript = """
        local cap = tonumber(ARGV[2])
        local pushed = 0
        for _, key in ipairs(KEYS) do
          if redis.call('EXISTS', key) == 1 then
            redis.call('ZADD', key, ARGV[1], ARGV[1])
            local size = redis.call('ZCARD', key) - 1
            if size > cap then redis.call('ZREMRANGEBYRANK', key, 1, size - cap) end
            pushed = pushed + 1
          end
        end
        return pushed
        """;

    private readonly ConcurrentDictionary<(long Author, int Count), (long At, TimelineSlice Slice)> _authorPages = new();

    // The page sizes memoized so far (at most the API's page limit): a post drops its author's pages by
    // direct lookups, instead of scanning (and locking) the whole memo on every post.
    private readonly ConcurrentDictionary<int, byte> _memoizedCounts = new();
    private int _memoStores;

    private int Capacity => feed.Value.TimelineCapacity;

    private long IdleExpiryMs => (long)options.Value.TimelineIdleExpiry.TotalMilliseconds;

    public static RedisKey Key(TimelineKey key) =>
        (key.Kind == TimelineKind.Home ? "tl:h:" : "tl:a:") + key.UserId.ToString(CultureInfo.InvariantCulture);

    public async ValueTask<TimelineSlice> ReadAsync(
        TimelineKey key, long? before, int count, Func<CancellationToken, Task<IReadOnlyList<long>>> load, CancellationToken ct)
    {
        var memo = options.Value.AuthorPageMemo;
        var memoKey = (key.UserId, count);
        var memoized = key.Kind == TimelineKind.Author && before is null && memo > TimeSpan.Zero;
        // Tick count, not the injected clock: this bounds staleness in real time even under a test clock.
        if (memoized && _authorPages.TryGetValue(memoKey, out var page) && Environment.TickCount64 - page.At < (long)memo.TotalMilliseconds)
        {
            return page.Slice;
        }

        var slice = await ReadFromRedisAsync(key, before, count, load, ct);
        if (memoized)
        {
            // Count takes every lock of the dictionary: check the bound now and then, not on every store.
            if ((Interlocked.Increment(ref _memoStores) & 1023) == 0 && _authorPages.Count > 10_000)
            {
                _authorPages.Clear();
            }

            _memoizedCounts.TryAdd(count, 0);
            _authorPages[memoKey] = (Environment.TickCount64, slice);
        }

        return slice;
    }

    private async ValueTask<TimelineSlice> ReadFromRedisAsync(
        TimelineKey key, long? before, int count, Func<CancellationToken, Task<IReadOnlyList<long>>> load, CancellationToken ct)
    {
        var redisKey = Key(key);
        var claim = "b:" + Guid.NewGuid().ToString("n");
        var max = before is { } b ? "(" + b.ToString(CultureInfo.InvariantCulture) : "+inf";
        var waitStarted = Environment.TickCount64;
        while (true)
        {
            var reply = await ReadOrClaimAsync(redisKey, max, count, claim);
            var status = (string?)reply[0];
            if (status == "r")
            {
                return Slice(reply, count);
            }

            if (status == "c")
            {
                return await BuildAsync(redisKey, claim, max, before, count, load, ct);
            }

            // Another node is building this timeline. Wait briefly (real time: it is another process's
            // progress we wait for), then read the store directly rather than hold the request.
            if (Environment.TickCount64 - waitStarted > (long)BuildWait.TotalMilliseconds)
            {
                return SliceOf(await load(ct), before, count);
            }

            await Task.Delay(10, ct);
        }
    }

    public async ValueTask PushAsync(IReadOnlyList<TimelineKey> keys, long postId, CancellationToken ct)
    {
        if (keys.Count == 0)
        {
            return;
        }

        // This node's own posts show at once in its memoized author pages; other nodes' within the memo interval.
        foreach (var key in keys)
        {
            if (key.Kind == TimelineKind.Author)
            {
                foreach (var memoized in _memoizedCounts)
                {
                    _authorPages.TryRemove((key.UserId, memoized.Key), out _);
                }
            }
        }

        var db = redis.GetDatabase();
        RedisValue[] args = [postId, Capacity];
        var batches = new List<Task>((keys.Count / PushBatch) + 1);
        // All batches are sent back to back on the one connection (pipelined) and awaited together.
        for (var start = 0; start < keys.Count; start += PushBatch)
        {
            var batch = new RedisKey[Math.Min(PushBatch, keys.Count - start)];
            for (var i = 0; i < batch.Length; i++)
            {
                batch[i] = Key(keys[start + i]);
            }

            batches.Add(db.ScriptEvaluateAsync(PushScript, batch, args));
        }

        roundTrips.Record(batches.Count);
        await Task.WhenAll(batches).WaitAsync(ct);
    }

    public async ValueTask InvalidateAsync(TimelineKey key, CancellationToken ct)
    {
        roundTrips.Record();
        await redis.GetDatabase().KeyDeleteAsync(Key(key)).WaitAsync(ct);
    }

    /// <summary>Drops many timelines in one command (after an outage, those that missed pushes).</summary>
    public async ValueTask InvalidateManyAsync(IReadOnlyList<TimelineKey> keys, CancellationToken ct)
    {
        roundTrips.Record();
        await redis.GetDatabase().KeyDeleteAsync(keys.Select(Key).ToArray()).WaitAsync(ct);
    }

    private async Task<RedisResult> ReadOrClaimAsync(RedisKey key, string max, int count, string claim)
    {
        roundTrips.Record();
        var reply = await redis.GetDatabase().ScriptEvaluateAsync(
            ReadScript, [key], [max, count + 1, IdleExpiryMs, claim, (long)BuildClaimLifetime.TotalMilliseconds]);
        return reply;
    }

    private async Task<TimelineSlice> BuildAsync(
        RedisKey key, string claim, string max, long? before, int count, Func<CancellationToken, Task<IReadOnlyList<long>>> load, CancellationToken ct)
    {
        IReadOnlyList<long> ids;
        try
        {
            ids = await load(ct);
        }
        catch
        {
            await AbandonAsync(key, claim);
            throw;
        }

        var take = Math.Min(ids.Count, Capacity);
        var args = new RedisValue[3 + take];
        args[0] = claim;
        args[1] = Capacity;
        args[2] = IdleExpiryMs;
        for (var i = 0; i < take; i++)
        {
            args[3 + i] = ids[i];
        }

        roundTrips.Record();
        var completed = (long)await redis.GetDatabase().ScriptEvaluateAsync(CompleteScript, [key], args);
        if (completed == 0)
        {
            // Invalidated while building (a follow changed the graph): this snapshot may predate the
            // change, so it answers this read only and is not stored.
            return SliceOf(ids, before, count);
        }

        var reply = await ReadOrClaimAsync(key, max, count, claim);
        return (string?)reply[0] == "r" ? Slice(reply, count) : SliceOf(ids, before, count);
    }

    private async Task AbandonAsync(RedisKey key, string claim)
    {
        try
        {
            await redis.GetDatabase().ScriptEvaluateAsync(AbandonScript, [key], [claim]);
        }
        catch (Exception e) when (Platform.Redis.RedisConnection.IsOutage(e))
        {
            // The claim lapses by itself after BuildClaimLifetime; the load's own failure is what matters.
        }
    }

    /// <summary>Turns {"r", id, id, ...} (count + 1 ids at most) into a slice.</summary>
    private static TimelineSlice Slice(RedisResult reply, int count)
    {
        var found = reply.Length - 1;
        var take = Math.Min(found, count);
        var ids = new long[take];
        for (var i = 0; i < take; i++)
        {
            ids[i] = (long)reply[i + 1];
        }

        return new TimelineSlice(ids, found > count);
    }

    private static TimelineSlice SliceOf(IReadOnlyList<long> newestFirst, long? before, int count)
    {
        var below = before is { } b ? newestFirst.Where(id => id < b) : newestFirst;
        var ids = below.Take(count + 1).ToArray();
        return ids.Length > count ? new TimelineSlice(ids[..count], true) : new TimelineSlice(ids, false);
    }
}
