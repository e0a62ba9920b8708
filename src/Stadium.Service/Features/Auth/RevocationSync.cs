using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stadium.Data;
using Stadium.Service.Platform;

namespace Stadium.Service.Features.Auth;

/// <summary>
/// Loads the revocations still in force from the session store: all of them when the node starts (so a
/// restart does not revive logged-out access tokens), then the new ones every poll interval (so nodes
/// sharing a store agree within that interval even without the Redis relay, and after a Redis outage).
/// </summary>
internal sealed partial class RevocationSync(
    ISessionStore sessions, SessionRevocations revocations, IOptions<AuthOptions> options, TimeProvider time, ILogger<RevocationSync> logger)
    : BackgroundService
{
    private const int PageSize = 1_000;

    // Revocations commit in any order with timestamps from several nodes' clocks: re-read a margin
    // behind the newest one seen. Applying one twice is harmless.
    private static readonly TimeSpan Overlap = TimeSpan.FromSeconds(30);

    // Loaded before the node serves, but a store that is down must not hold the start (and the liveness
    // probe) for a connection timeout: past this, the node starts and the next poll tries again.
    private static readonly TimeSpan StartLoadLimit = TimeSpan.FromSeconds(5);

    private DateTimeOffset _seen;

    private AuthOptions Auth => options.Value;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _seen = time.GetUtcNow() - Auth.AccessTokenLifetime;
        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            limit.CancelAfter(StartLoadLimit);
            await TryLoadAsync(limit.Token, cancellationToken);
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Auth.RevocationPollInterval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(Auth.RevocationPollInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await TryLoadAsync(stoppingToken, stoppingToken);
        }
    }

    /// <summary>Applies every revocation newer than the last seen one.</summary>
    private async Task<int> LoadAsync(CancellationToken ct)
    {
        var oldestInForce = time.GetUtcNow() - Auth.AccessTokenLifetime;
        var since = _seen - Overlap > oldestInForce ? _seen - Overlap : oldestInForce;
        var applied = 0;
        while (true)
        {
            var page = await sessions.RevokedSinceAsync(since, PageSize, ct);
            foreach (var family in page)
            {
                revocations.Apply(family.FamilyId, family.RevokedAt + Auth.AccessTokenLifetime);
                since = family.RevokedAt;
                _seen = family.RevokedAt > _seen ? family.RevokedAt : _seen;
            }

            applied += page.Count;
            if (page.Count < PageSize)
            {
                return applied;
            }
        }
    }

    private async Task TryLoadAsync(CancellationToken ct, CancellationToken stopping)
    {
        try
        {
            await LoadAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            // The store being down (or slow past the start limit) must not stop the node; the next poll tries again.
            LogLoadFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not load session revocations from the store; retrying at the next poll")]
    private static partial void LogLoadFailed(ILogger logger, Exception e);
}
