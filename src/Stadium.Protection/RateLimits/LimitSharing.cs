using Microsoft.Extensions.Logging;

namespace Stadium.Protection.RateLimits;

/// <summary>
/// Whether this node's limits are the shared buckets in Redis or its local share, and how many live nodes that share
/// divides by. A failed Redis call on a request's path switches to local at once; only an answered heartbeat
/// (<see cref="NodeHeartbeat"/>) switches back, so while Redis is down no request waits on it. The node count is the
/// last one a heartbeat saw: 1 until the first answer, and kept through an outage.
/// </summary>
internal sealed class LimitSharing(bool redisConfigured, ILogger<LimitSharing> logger)
{
    private readonly bool _redisConfigured = redisConfigured;
    private volatile bool _shared = redisConfigured;
    private volatile int _nodes = 1;
    private long _fallbacks;

    public bool Shared => _shared;

    public int Nodes => _nodes;

    /// <summary>Times this node switched from shared to local limits.</summary>
    public long Fallbacks => Interlocked.Read(ref _fallbacks);

    /// <summary>Redis answered a heartbeat and counted <paramref name="liveNodes"/> nodes (this one included).</summary>
    public void Answered(long liveNodes)
    {
        _nodes = (int)Math.Clamp(liveNodes, 1, int.MaxValue);
        if (_redisConfigured && !_shared)
        {
            _shared = true;
            logger.LogInformation("Rate limits are shared through Redis again ({Nodes} live nodes).", _nodes);
        }
    }

    /// <summary>Redis failed or was too slow: limit locally to the node's share until a heartbeat is answered.</summary>
    public void Failed(Exception error)
    {
        if (!_shared)
        {
            return;
        }

        _shared = false;
        Interlocked.Increment(ref _fallbacks);
        logger.LogWarning("Redis did not answer a rate-limit call ({Error}); each node now limits locally to 1/{Nodes} of every limit until Redis answers a heartbeat.",
            error.GetType().Name + ": " + error.Message, _nodes);
    }
}
