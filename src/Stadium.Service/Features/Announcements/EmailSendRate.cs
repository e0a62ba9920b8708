using System.Threading.RateLimiting;
using RedisRateLimiting;
using StackExchange.Redis;
using Stadium.Protection.Dependencies;
using Stadium.Service.Platform.Redis;

namespace Stadium.Service.Features.Announcements;

/// <summary>
/// The email provider's send rate. With Redis configured it is one token bucket in Redis
/// (RedisRateLimiting) shared by every worker process, so adding workers never multiplies the rate the
/// provider sees; without Redis it is a bucket in this process that refills every 100 ms. Sends wait
/// for a token rather than fail. RedisRateLimiting's bucket counts time in whole seconds (its script
/// gets Unix seconds), so the shared bucket holds a second's worth and refills once a second: the
/// fleet sends at most the rate in any calendar second, in a burst at the start of it.
/// The shared bucket is reached through the <c>redis</c> dependency pipeline: if Redis stops answering, its breaker
/// opens and sends fall back to the local bucket (the configured rate per process) until the breaker lets a call
/// through again: an outage neither stops the mail nor hammers Redis.
/// </summary>
internal sealed class EmailSendRate : IAsyncDisposable
{
    /// <summary>Buckets refill every tick, a tenth of the per-second rate each time, so sends stay smooth.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    private readonly TokenBucketRateLimiter _local;
    private readonly RateLimiter? _shared;
    private readonly TimeProvider _time;
    private readonly IConnectionMultiplexer? _redis;
    private readonly DependencyPipeline? _pipeline;

    /// <param name="pipeline">The <c>redis</c> pipeline (the host's); without one, a standalone pipeline with the defaults.</param>
    public EmailSendRate(EmailOptions options, TimeProvider time, IConnectionMultiplexer? redis = null, DependencyPipeline? pipeline = null)
    {
        _time = time;
        _redis = redis;
        var perTick = Math.Max(1, options.RatePerSecond / 10);
        _local = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = perTick,
            TokensPerPeriod = perTick,
            ReplenishmentPeriod = Tick,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
        if (redis is not null)
        {
            var perSecond = Math.Max(1, options.RatePerSecond);
            _shared = new RedisTokenBucketRateLimiter<string>($"stadium:email:{options.Provider}".ToLowerInvariant(), new RedisTokenBucketRateLimiterOptions
            {
                ConnectionMultiplexerFactory = () => redis,
                TokenLimit = perSecond,
                TokensPerPeriod = perSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            });
            _pipeline = pipeline ?? DependencyPipelines.Standalone(DependencyNames.Redis, new DependenciesOptions().Redis, time);
        }
    }

    /// <summary>Whether the rate is shared through Redis (and Redis is answering).</summary>
    public bool Shared => _shared is not null && _redis!.IsConnected && !_pipeline!.IsOpen;

    /// <summary>Waits until one email may go out.</summary>
    public async ValueTask WaitAsync(CancellationToken ct)
    {
        while (Shared)
        {
            try
            {
                var acquired = await _pipeline!.ExecuteAsync(
                    async token =>
                    {
                        using var lease = await _shared!.AcquireAsync(1, token);
                        return lease.IsAcquired;
                    },
                    retryable: false, // a retried acquire could take two tokens
                    e => RedisConnection.IsOutage(e) || e is RedisException, ct);
                if (acquired)
                {
                    return;
                }
            }
            catch (Exception e) when (CacheDegradation.IsUnavailable(e) || e is RedisException)
            {
                break;
            }

            // The Redis bucket does not queue: come back when it refills, at the next whole second,
            // jittered so that the workers do not all ask in the same instant.
            var now = _time.GetUtcNow();
            var nextSecond = TimeSpan.FromMilliseconds(1000 - now.Millisecond + Random.Shared.Next(1, 40));
            await Task.Delay(nextSecond, _time, ct);
        }

        using var local = await _local.AcquireAsync(1, ct);
        if (!local.IsAcquired)
        {
            throw new OperationCanceledException("The email rate limiter was disposed.", ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _local.DisposeAsync();
        if (_shared is not null)
        {
            await _shared.DisposeAsync();
        }
    }
}
