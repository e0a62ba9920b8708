using System.Collections.Concurrent;

namespace Stadium.Service.Features.Auth;

/// <summary>
/// Sessions revoked before their access tokens expire. Checked on every authenticated request from
/// memory, so access tokens stay validated without a database read; an entry only has to live as
/// long as the access tokens it blocks.
/// </summary>
internal sealed class SessionRevocations(TimeProvider time)
{
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _revoked = new();
    private long _nextSweep;

    /// <summary>Raised for revocations made on this node, so a relay can tell the other nodes.</summary>
    public event Action<Guid, DateTimeOffset>? Revoked;

    public void Revoke(Guid sessionId, DateTimeOffset until)
    {
        Apply(sessionId, until);
        Revoked?.Invoke(sessionId, until);
    }

    /// <summary>Records a revocation made elsewhere (another node) without announcing it again.</summary>
    public void Apply(Guid sessionId, DateTimeOffset until)
    {
        _revoked.AddOrUpdate(sessionId, until, (_, existing) => existing > until ? existing : until);
        Sweep();
    }

    /// <summary>Revocations still in force (for re-sharing after a Redis outage).</summary>
    public IEnumerable<(Guid Session, DateTimeOffset Until)> Active()
    {
        var now = time.GetUtcNow();
        return _revoked.Where(pair => pair.Value > now).Select(pair => (pair.Key, pair.Value)).ToList();
    }

    public bool IsRevoked(Guid sessionId) =>
        _revoked.TryGetValue(sessionId, out var until) && until > time.GetUtcNow();

    private void Sweep()
    {
        var now = time.GetUtcNow();
        var due = Interlocked.Read(ref _nextSweep);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextSweep, now.AddMinutes(1).UtcTicks, due) != due)
        {
            return;
        }

        foreach (var (id, until) in _revoked)
        {
            if (until <= now)
            {
                _revoked.TryRemove(id, out _);
            }
        }
    }
}
