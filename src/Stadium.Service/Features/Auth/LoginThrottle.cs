using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

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
/// The counts are this node's (as the hashing pool is): behind a balancer of N nodes a client may fail up to N times
/// as often before every node refuses it. Full (idle) buckets are dropped, so memory follows the failing clients.
/// </summary>
internal sealed class LoginThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _buckets;
    private readonly AuthOptions _auth;

    public LoginThrottle(IOptions<AuthOptions> options)
    {
        _auth = options.Value;
        _buckets = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, k => Bucket(Limit(_auth, k), _auth.FailedLoginWindow)));
    }

    /// <summary>
    /// Null when a login of <paramref name="username"/> from <paramref name="address"/> may be checked; otherwise how
    /// long until one more failure is allowed.
    /// </summary>
    public TimeSpan? Refusal(string username, string address)
    {
        // A bucket refills in fractions of a token, and a 0-permit acquire succeeds on any fraction: whole tokens count.
        TimeSpan? longest = null;
        foreach (var key in Keys(username, address))
        {
            if (_buckets.GetStatistics(key) is { CurrentAvailablePermits: < 1 })
            {
                var refill = _auth.FailedLoginWindow / Limit(_auth, key); // at most this until one failure's worth is back
                longest = longest > refill ? longest : refill;
            }
        }

        return longest;
    }

    /// <summary>Counts a failed login (unknown name or wrong password) against its buckets.</summary>
    public void Failed(string username, string address)
    {
        foreach (var key in Keys(username, address))
        {
            using var lease = _buckets.AttemptAcquire(key, 1);
        }
    }

    public void Dispose() => _buckets.Dispose();

    private static string[] Keys(string username, string address)
    {
        // Names are case-insensitive (Username), and a name too long to be one still counts against its address.
        var account = username.Length <= 64 ? username.ToLowerInvariant() : username[..64].ToLowerInvariant();
        return ["a " + address, "u " + account, "ua " + account + " " + address];
    }

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
