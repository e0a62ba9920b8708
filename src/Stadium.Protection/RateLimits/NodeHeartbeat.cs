using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Stadium.Protection.RateLimits;

/// <summary>
/// Every <see cref="RateLimitOptions.HeartbeatInterval"/> this node stamps itself into a sorted set in Redis (scored by
/// Redis's own clock, so node clocks never disagree about who is alive), drops members three intervals old and counts
/// the rest: that count is what a node divides its limits by when Redis goes away. The heartbeat is also the recheck
/// that turns shared limits back on after an outage. Without Redis, or with limits off, it does nothing.
/// </summary>
internal sealed class NodeHeartbeat(IServiceProvider services, LimitSharing sharing, IOptions<RateLimitOptions> options, TimeProvider time) : BackgroundService
{
    private static readonly LuaScript Beat = LuaScript.Prepare("""
        local now = redis.call('TIME')
        local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
        redis.call('ZADD', @key, ms, @node)
        redis.call('ZREMRANGEBYSCORE', @key, '-inf', ms - tonumber(@expiry))
        redis.call('PEXPIRE', @key, @expiry)
        return redis.call('ZCARD', @key)
        """);

    private readonly string _node = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private readonly RateLimitOptions _options = options.Value;
    private IConnectionMultiplexer? _redis;

    private RedisKey Key => $"{_options.RedisPrefix}:nodes";

    private long ExpiryMs => (long)(_options.HeartbeatInterval.TotalMilliseconds * 3);

    /// <summary>One heartbeat: stamp, trim, count; a failure (or no answer within the Redis timeout) makes the node local.</summary>
    public async Task BeatAsync(IConnectionMultiplexer redis, CancellationToken ct)
    {
        try
        {
            var count = await redis.GetDatabase().ScriptEvaluateAsync(Beat, new { key = Key, node = _node, expiry = ExpiryMs })
                .WaitAsync(_options.RedisTimeout, ct);
            sharing.Answered((long)count);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            sharing.Failed(e);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Resolved here, not injected: the connection is registered only when Stadium:Redis:Configuration is set.
        _redis = services.GetService<IConnectionMultiplexer>();
        if (_redis is null || !_options.Enabled)
        {
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await BeatAsync(_redis, stoppingToken);
                await Task.Delay(_options.HeartbeatInterval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>A node that stops leaves the count at once (best effort), so the others' local share grows without waiting for expiry.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_redis is null)
        {
            return;
        }

        try
        {
            await _redis.GetDatabase().SortedSetRemoveAsync(Key, _node).WaitAsync(_options.RedisTimeout, cancellationToken);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or OperationCanceledException or ObjectDisposedException)
        {
            // Redis is away: the member expires by itself after three heartbeats.
        }
    }
}
