using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;
using StackExchange.Redis;
using Stadium.Service.Platform.Redis;

namespace Stadium.Service.Features.Auth;

/// <summary>
/// Shares session revocations between API nodes through Redis, so logging out on one node blocks the
/// access token on all of them. Each revocation is published (for nodes listening now) and kept in a
/// sorted set scored by its expiry (for nodes that start later or were disconnected: they reload the
/// set on start and on every reconnect). The per-request check stays an in-memory lookup. Its Redis calls go through
/// the <c>redis</c> pipeline (<see cref="CacheDegradation.RunAsync{T}"/>), so its failures move the same breaker as the
/// timelines' and the node's degraded state says so.
/// </summary>
internal sealed partial class RevocationRelay(
    IConnectionMultiplexer redis, SessionRevocations revocations, CacheDegradation degradation, TimeProvider time, ILogger<RevocationRelay> logger)
    : IHostedService
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("auth:revocations");
    private static readonly RedisKey RevokedSet = "auth:revoked";

    private int _subscribed;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        revocations.Revoked += OnLocalRevocation;
        redis.ConnectionRestored += OnReconnected;
        await CatchUpAsync();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        revocations.Revoked -= OnLocalRevocation;
        redis.ConnectionRestored -= OnReconnected;
        if (Interlocked.Exchange(ref _subscribed, 0) == 1)
        {
            try
            {
                await redis.GetSubscriber().UnsubscribeAsync(Channel);
            }
            catch (Exception e) when (RedisConnection.IsOutage(e))
            {
                // Shutting down anyway.
            }
        }
    }

    private void OnReconnected(object? sender, ConnectionFailedEventArgs e) => _ = CatchUpAsync();

    private void OnLocalRevocation(Guid session, DateTimeOffset until) => _ = PublishAsync(session, until);

    private async Task PublishAsync(Guid session, DateTimeOffset until)
    {
        var member = Format(session, until);
        try
        {
            var db = redis.GetDatabase();
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            // Sent together (pipelined): keep it for late joiners, prune expired ones, tell current listeners.
            // Safe to repeat: adding the same member again and pruning again change nothing; listeners apply it idempotently.
            await degradation.RunAsync(async _ => await Task.WhenAll(
                db.SortedSetAddAsync(RevokedSet, member, until.ToUnixTimeMilliseconds()),
                db.SortedSetRemoveRangeByScoreAsync(RevokedSet, double.NegativeInfinity, now, Exclude.Stop),
                redis.GetSubscriber().PublishAsync(Channel, member)), retryable: true, CancellationToken.None);
        }
        catch (Exception e) when (CacheDegradation.IsUnavailable(e))
        {
            // Other nodes still learn of it: a node reloads the set when its connection comes back,
            // and this one re-publishes everything it knows when it reconnects (CatchUpAsync).
            degradation.CountDegraded("revocation.publish");
            LogPublishFailed(logger, session, e);
        }
    }

    /// <summary>Subscribes if needed and applies every revocation still in force.</summary>
    private async Task CatchUpAsync()
    {
        try
        {
            if (Interlocked.CompareExchange(ref _subscribed, 1, 0) == 0)
            {
                try
                {
                    await redis.GetSubscriber().SubscribeAsync(Channel, (_, message) => Receive(message));
                }
                catch
                {
                    Volatile.Write(ref _subscribed, 0);
                    throw;
                }
            }

            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var revoked = await degradation.RunAsync(
                async _ => await redis.GetDatabase().SortedSetRangeByScoreAsync(RevokedSet, now, double.PositiveInfinity, Exclude.Start), retryable: true, CancellationToken.None);
            foreach (var member in revoked)
            {
                Receive(member);
            }

            // What this node revoked while Redis was away (or all of it, if Redis restarted empty).
            await Task.WhenAll(revocations.Active().Select(r => PublishAsync(r.Session, r.Until)));
        }
        catch (BrokenCircuitException open)
        {
            // The connection is back but the breaker still holds from the outage: come back when it lets calls through.
            degradation.CountDegraded("revocation.catch-up");
            _ = Task.Delay(open.RetryAfter ?? TimeSpan.FromSeconds(1), time).ContinueWith(_ => CatchUpAsync(), TaskScheduler.Default);
        }
        catch (Exception e) when (CacheDegradation.IsUnavailable(e))
        {
            // Redis is down now; ConnectionRestored brings us back here.
            degradation.CountDegraded("revocation.catch-up");
        }
    }

    private void Receive(RedisValue message)
    {
        var text = (string?)message;
        var separator = text?.IndexOf('|') ?? -1;
        if (separator > 0
            && Guid.TryParse(text.AsSpan(0, separator), out var session)
            && long.TryParse(text.AsSpan(separator + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var untilMs))
        {
            revocations.Apply(session, DateTimeOffset.FromUnixTimeMilliseconds(untilMs));
        }
    }

    private static string Format(Guid session, DateTimeOffset until) =>
        string.Create(CultureInfo.InvariantCulture, $"{session:n}|{until.ToUnixTimeMilliseconds()}");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not share the revocation of session {Session} over Redis; it is shared on reconnect")]
    private static partial void LogPublishFailed(ILogger logger, Guid session, Exception e);
}
