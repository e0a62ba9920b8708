namespace Stadium.Gateway.Affinity;

/// <summary>
/// How many affinities each node holds now: every cookie the gateway issued, counted until it ends. Counted per second
/// of its end in a ring of one lifetime's seconds, so memory does not grow with clients (a busy gateway issues a cookie
/// on every answer to a client that keeps none) and a count is one pass over the ring.
/// </summary>
internal sealed class AffinityLedger(TimeProvider time, TimeSpan lifetime)
{
    private readonly int _slots = (int)Math.Ceiling(lifetime.TotalSeconds) + 1;
    private readonly Dictionary<string, (long[] Seconds, int[] Counts)> _byNode = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();

    /// <summary>An affinity with <paramref name="node"/> that lasts until <paramref name="ends"/>.</summary>
    public void Made(string node, DateTimeOffset ends)
    {
        var second = ends.ToUnixTimeSeconds();
        lock (_lock)
        {
            if (!_byNode.TryGetValue(node, out var ring))
            {
                ring = (new long[_slots], new int[_slots]);
                _byNode[node] = ring;
            }

            var slot = (int)(second % _slots);
            if (ring.Seconds[slot] != second)
            {
                ring.Seconds[slot] = second;
                ring.Counts[slot] = 0;
            }

            ring.Counts[slot]++;
        }
    }

    /// <summary>The affinities with <paramref name="node"/> that have not ended.</summary>
    public int Live(string node)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        lock (_lock)
        {
            if (!_byNode.TryGetValue(node, out var ring))
            {
                return 0;
            }

            var live = 0;
            for (var slot = 0; slot < _slots; slot++)
            {
                if (ring.Seconds[slot] > now)
                {
                    live += ring.Counts[slot];
                }
            }

            return live;
        }
    }
}
