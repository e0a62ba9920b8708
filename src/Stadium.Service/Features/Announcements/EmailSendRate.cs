using System.Threading.RateLimiting;
using RedisRateLimiting;
using StackExchange.Redis;
using Stadium.Service.Platform.Redis;

namespace Stadium.Service.Features.Announcements;

/// <summary>
/// The email provider's send rate. With Redis configured it is one token bucket in Redis
/// (RedisRateLimiting) shared by every worker process, so adding workers never multiplies the rate the
/// provider sees; without Redis it is a bucket in this process that refills every 100 ms. Sends wait
/// for a token rather than fail. RedisRateLimiting's bucket counts time in whole seconds (its script
/// gets Unix seconds), so the shared bucket holds a second's worth and refills once a second: the
/// fleet sends at most the rate in any calendar second, in a burst at the start of it.
/// If Redis stops answering, sends fall back to the local bucket (the configured rate per process) and
/// try Redis again a few seconds later: an outage neither stops the mail nor hammers Redis.
/// </summary>
internal sealed class EmailSendRate : IAsyncDisposable
{
    /// <summary>Buckets refill every tick, a tenth of the per-second rate each time, so sends stay smooth.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    private static readonly TimeSpan SharedRetry = TimeSpan.FromSeconds(5);

    private readonly TokenBucketRateLimiter _local;
    private readonly RateLimiter? _shared;
    private readonly TimeProvider _time;
    private long _sharedDownUntil;

    public EmailSendRate(EmailOptions options, TimeProvider time, IConnectionMultiplexer? redis = null)
    {
        _time = time;
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
        }
    }

    /// <summary>Whether the rate is shared through Redis (and Redis is answering).</summary>
    public bool Shared => _shared is not null && _time.GetTimestamp() >= Interlocked.Read(ref _sharedDownUntil);

    /// <summary>Waits until one email may go out.</summary>
    public async ValueTask WaitAsync(CancellationToken ct)
    {
        while (Shared)
        {
            try
            {
                using var lease = await _shared!.AcquireAsync(1, ct);
                if (lease.IsAcquired)
                {
                    return;
                }
            }
            catch (Exception e) when (RedisConnection.IsOutage(e) || e is RedisException)
            {
                Interlocked.Exchange(ref _sharedDownUntil, _time.GetTimestamp() + (long)(SharedRetry.TotalSeconds * _time.TimestampFrequency));
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
