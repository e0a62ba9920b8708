using System.Collections.Concurrent;
using Stadium.Service.Platform.Memory;

namespace Stadium.Service.Features.Auth;

/// <summary>
/// Sessions revoked before their access tokens expire. Checked on every authenticated request from
/// memory, so access tokens stay validated without a database read; an entry only has to live as
/// long as the access tokens it blocks. Held to the "revocations" share of the memory budget by sweeping
/// expired entries as soon as the share fills; a live revocation is never dropped to make room (that would
/// let a revoked token back in), so the set is bounded by the revocation rate times the access token lifetime.
/// </summary>
internal sealed class SessionRevocations(TimeProvider time, long limit = long.MaxValue, MemoryMetrics? metrics = null) : IBoundedCache
{
    /// <summary>A dictionary node with its Guid key and DateTimeOffset value, plus its share of the bucket array.</summary>
    public const long EntryBytes = 64;

    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _revoked = new();
    private long _nextSweep;

    /// <summary>Raised for revocations made on this node, so a relay can tell the other nodes.</summary>
    public event Action<Guid, DateTimeOffset>? Revoked;

    public string Name => CacheNames.Revocations;

    public long Size => _revoked.Count * EntryBytes;

    public long Limit => limit;

    public void Revoke(Guid sessionId, DateTimeOffset until)
    {
        Apply(sessionId, until);
        Revoked?.Invoke(sessionId, until);
    }

    /// <summary>Records a revocation made elsewhere (another node) without announcing it again.</summary>
    public void Apply(Guid sessionId, DateTimeOffset until)
    {
        _revoked.AddOrUpdate(sessionId, until, (_, existing) => existing > until ? existing : until);
        Sweep(force: Size > limit);
    }

    /// <summary>Revocations still in force (for re-sharing after a Redis outage).</summary>
    public IEnumerable<(Guid Session, DateTimeOffset Until)> Active()
    {
        var now = time.GetUtcNow();
        return _revoked.Where(pair => pair.Value > now).Select(pair => (pair.Key, pair.Value)).ToList();
    }

    public bool IsRevoked(Guid sessionId) =>
        _revoked.TryGetValue(sessionId, out var until) && until > time.GetUtcNow();

    /// <summary>Only expired entries go: what is still in force is needed whatever the pressure.</summary>
    public void Trim(double fraction) => Sweep(force: true);

    private void Sweep(bool force)
    {
        var now = time.GetUtcNow();
        var due = Interlocked.Read(ref _nextSweep);
        if (!force && (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextSweep, now.AddMinutes(1).UtcTicks, due) != due))
        {
            return;
        }

        foreach (var (id, until) in _revoked)
        {
            if (until <= now && _revoked.TryRemove(id, out _))
            {
                metrics?.Evicted(Name, "expired");
            }
        }
    }
}
