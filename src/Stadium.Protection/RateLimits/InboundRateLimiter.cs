using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Stadium.Protection.RateLimits;

/// <summary>
/// Takes one token for a request: from the shared bucket in Redis while Redis answers, else from this node's local
/// share. It never fails closed (any Redis error or a late answer falls back to the local bucket for that request and
/// the next ones) and is never unlimited (the local bucket always applies).
/// </summary>
internal sealed class InboundRateLimiter
{
    private readonly LocalBuckets _local;
    private readonly LimitSharing _sharing;
    private readonly SharedBuckets? _shared;

    public InboundRateLimiter(IServiceProvider services, LocalBuckets local, LimitSharing sharing, IOptions<RateLimitOptions> options)
    {
        _local = local;
        _sharing = sharing;
        // Optional: the connection is registered only when Stadium:Redis:Configuration is set.
        if (services.GetService<IConnectionMultiplexer>() is { } redis)
        {
            _shared = new SharedBuckets(redis, options);
        }
    }

    public async ValueTask<LimitDecision> AcquireAsync(LimitKey key, CancellationToken ct)
    {
        if (_shared is not null && _sharing.Shared)
        {
            try
            {
                return await _shared.AcquireAsync(key, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                _sharing.Failed(e);
            }
        }

        return _local.Acquire(key, _sharing.Nodes);
    }
}
