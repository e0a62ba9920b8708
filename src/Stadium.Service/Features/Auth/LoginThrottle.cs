using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Stadium.Protection.Dependencies;
using Stadium.Service.Platform.Redis;

namespace Stadium.Service.Features.Auth;

/// <summary>
/// Failed logins, counted before any password is hashed: a client that keeps failing is refused (429) without taking a
/// hashing slot from users who know their password. Three token buckets, each taking one token per failure and
/// refilling over <see cref="AuthOptions.FailedLoginWindow"/>; a success takes nothing:
/// <list type="bullet">
/// <item>one account from one address (<see cref="AuthOptions.FailedLoginsPerAccountAndAddress"/>): guessing one
/// password, the tightest; it locks out only the guesser's address, not the account's owner;</item>
/// <item>one account from anywhere (<see cref="AuthOptions.FailedLoginsPerAccount"/>): guessing spread over many
/// addresses; high enough that a single address cannot lock its owner out with it;</item>
/// <item>one address, any account (<see cref="AuthOptions.FailedLoginsPerAddress"/>): credential stuffing and password
/// spraying, and a flood of made-up names that would otherwise fill the hashing pool.</item>
/// </list>
/// With Redis configured the buckets are the fleet's: one key per bucket holding when it will be full again (GCRA, on
/// Redis's clock), so a client behind a balancer of N nodes gets the same budget as against one. Without Redis, and
/// while the <c>redis</c> pipeline's breaker is open, each node counts alone (this node's failures are always counted
/// here too, so the fallback starts from what the node has seen): a client may then fail up to N times as often.
/// Full (idle) buckets are dropped in both places, so memory follows the failing clients.
/// </summary>
internal sealed class LoginThrottle : IDisposable
{
    // KEYS: the buckets; ARGV[i]: bucket i's window minus one failure's refill, in ms. Answers the ms until every bucket
    // holds a whole failure again (0: none is empty).
    private const string RefusalScript = """
        local t = redis.call('TIME')
        local now = t[1] * 1000 + math.floor(t[2] / 1000)
        local wait = 0
        for i, key in ipairs(KEYS) do
          local full = tonumber(redis.call('GET', key) or '0')
          local over = full - now - tonumber(ARGV[i])
          if over > wait then wait = over end
        end
        return wait
        """;

    // KEYS: the buckets; ARGV[i]: one failure's refill in ms for bucket i; ARGV[#KEYS + 1]: the window in ms. Takes one
    // failure from each bucket (an empty one stays empty: it is full again a window from now at most).
    private const string FailedScript = """
        local t = redis.call('TIME')
        local now = t[1] * 1000 + math.floor(t[2] / 1000)
        local window = tonumber(ARGV[#KEYS + 1])
        for i, key in ipairs(KEYS) do
          local full = tonumber(redis.call('GET', key) or '0')
          if full < now then full = now end
          full = math.min(full + tonumber(ARGV[i]), now + window)
          redis.call('SET', key, full, 'PX', math.max(1, full - now))
        end
        return 0
        """;

    private const string KeyPrefix = "stadium:login:";

    private readonly PartitionedRateLimiter<string> _buckets;
    private readonly AuthOptions _auth;
    private readonly IConnectionMultiplexer? _redis;
    private readonly DependencyPipeline? _pipeline;

    /// <param name="redis">The fleet's Redis; null: this node's counts only.</param>
    /// <param name="pipeline">The <c>redis</c> pipeline (the host's); without one, a standalone pipeline with the defaults.</param>
    public LoginThrottle(IOptions<AuthOptions> options, IConnectionMultiplexer? redis = null, DependencyPipeline? pipeline = null, TimeProvider? time = null)
    {
        _auth = options.Value;
        _buckets = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, k => Bucket(Limit(_auth, k), _auth.FailedLoginWindow)));
        if (redis is not null)
        {
            _redis = redis;
            _pipeline = pipeline ?? DependencyPipelines.Standalone(DependencyNames.Redis, new DependenciesOptions().Redis, time ?? TimeProvider.System);
        }
    }

    /// <summary>Whether the counts are the fleet's (Redis configured and answering).</summary>
    public bool Shared => _redis is not null && _redis.IsConnected && !_pipeline!.IsOpen;

    /// <summary>
    /// Null when a login of <paramref name="username"/> from <paramref name="address"/> may be checked; otherwise how
    /// long until one more failure is allowed.
    /// </summary>
    public async ValueTask<TimeSpan?> RefusalAsync(string username, string address, CancellationToken ct)
    {
        var keys = Keys(username, address);
        if (Shared)
        {
            var refills = keys.Select(k => (RedisValue)(long)(_auth.FailedLoginWindow - Refill(k)).TotalMilliseconds).ToArray();
            // Only an outage counts against the redis breaker that every Redis-backed feature shares; a script error does not.
            try
            {
                var waitMs = await _pipeline!.ExecuteAsync(
                    async _ => (long)await _redis!.GetDatabase().ScriptEvaluateAsync(RefusalScript, RedisKeys(keys), refills),
                    retryable: true, RedisConnection.IsOutage, ct);
                return waitMs > 0 ? TimeSpan.FromMilliseconds(waitMs) : null;
            }
            catch (Exception e) when (CacheDegradation.IsUnavailable(e) || e is RedisException)
            {
                // Redis is away: this node's own counts decide.
            }
        }

        // A bucket refills in fractions of a token, and a 0-permit acquire succeeds on any fraction: whole tokens count.
        TimeSpan? longest = null;
        foreach (var key in keys)
        {
            if (_buckets.GetStatistics(key) is { CurrentAvailablePermits: < 1 })
            {
                var refill = Refill(key); // at most this until one failure's worth is back
                longest = longest > refill ? longest : refill;
            }
        }

        return longest;
    }

    /// <summary>
    /// Counts a failed login (unknown name or wrong password) against its buckets. Not cancellable: the failure happened,
    /// and a guesser who hangs up as soon as the answer is due must not go uncounted.
    /// </summary>
    public async ValueTask FailedAsync(string username, string address)
    {
        var keys = Keys(username, address);
        foreach (var key in keys)
        {
            using var lease = _buckets.AttemptAcquire(key, 1);
        }

        if (Shared)
        {
            // At least 1 ms: a budget of more failures than the window has milliseconds still counts each one.
            var args = keys.Select(k => (RedisValue)Math.Max(1L, (long)Refill(k).TotalMilliseconds))
                .Append((long)_auth.FailedLoginWindow.TotalMilliseconds).ToArray();
            try
            {
                await _pipeline!.ExecuteAsync(
                    async _ => await _redis!.GetDatabase().ScriptEvaluateAsync(FailedScript, RedisKeys(keys), args),
                    retryable: false, // a repeated script would count the failure twice
                    RedisConnection.IsOutage, CancellationToken.None);
            }
            catch (Exception e) when (CacheDegradation.IsUnavailable(e) || e is RedisException)
            {
                // Counted here; the fleet's count misses this one failure.
            }
        }
    }

    public void Dispose() => _buckets.Dispose();

    private static string[] Keys(string username, string address)
    {
        // Names are case-insensitive (Username), and a name too long to be one still counts against its address.
        var account = username.Length <= 64 ? username.ToLowerInvariant() : username[..64].ToLowerInvariant();
        return ["a " + address, "u " + account, "ua " + account + " " + address];
    }

    private static RedisKey[] RedisKeys(string[] keys) => [.. keys.Select(k => (RedisKey)(KeyPrefix + k))];

    private TimeSpan Refill(string key) => _auth.FailedLoginWindow / Limit(_auth, key);

    private static int Limit(AuthOptions auth, string key) => key[0] == 'a'
        ? auth.FailedLoginsPerAddress
        : key[1] == 'a' ? auth.FailedLoginsPerAccountAndAddress : auth.FailedLoginsPerAccount;

    private static TokenBucketRateLimiterOptions Bucket(int limit, TimeSpan window) => new()
    {
        TokenLimit = limit,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = window / limit,
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
