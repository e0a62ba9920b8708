namespace Stadium.Chaos.Proxy;

/// <summary>The TTL timers of a proxy's toxics, one per toxic name, on the proxy's clock. Not thread-safe: the proxy's lock guards it.</summary>
internal sealed class ToxicTimers(TimeProvider time)
{
    private readonly Dictionary<string, ITimer> _timers = new(StringComparer.Ordinal);

    /// <summary>Replaces the toxic's timer: <paramref name="expire"/> gets its name after its TTL, if it has one.</summary>
    public void Set(ToxicDefinition toxic, Action<string> expire)
    {
        Forget(toxic.Name);
        if (toxic.Ttl is { } seconds)
        {
            _timers[toxic.Name] = time.CreateTimer(_ => expire(toxic.Name), null, TimeSpan.FromSeconds(seconds), Timeout.InfiniteTimeSpan);
        }
    }

    public void Forget(string name)
    {
        if (_timers.Remove(name, out var timer))
        {
            timer.Dispose();
        }
    }

    public void Clear()
    {
        foreach (var timer in _timers.Values)
        {
            timer.Dispose();
        }

        _timers.Clear();
    }
}
