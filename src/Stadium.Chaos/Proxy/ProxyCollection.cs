namespace Stadium.Chaos.Proxy;

/// <summary>The proxies by name, as the API sees them; disposing it closes every listener and connection.</summary>
internal sealed class ProxyCollection(TimeProvider time) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FaultProxy> _proxies = new(StringComparer.Ordinal);

    public TimeProvider Time { get; } = time;

    public IReadOnlyList<FaultProxy> All()
    {
        lock (_gate)
        {
            return [.. _proxies.Values.OrderBy(p => p.Name, StringComparer.Ordinal)];
        }
    }

    public FaultProxy Get(string name)
    {
        lock (_gate)
        {
            return _proxies.TryGetValue(name, out var proxy) ? proxy : throw ProxyApiException.NotFound($"proxy not found: {name}");
        }
    }

    /// <summary>A new proxy, listening at once when <paramref name="enabled"/>; 409 when the name is taken.</summary>
    public FaultProxy Create(ProxyInput input)
    {
        lock (_gate)
        {
            if (_proxies.ContainsKey(input.Name))
            {
                throw ProxyApiException.Conflict($"proxy already exists: {input.Name}");
            }

            return Add(input);
        }
    }

    public void Delete(string name)
    {
        lock (_gate)
        {
            if (!_proxies.Remove(name, out var proxy))
            {
                throw ProxyApiException.NotFound($"proxy not found: {name}");
            }

            proxy.Dispose();
        }
    }

    /// <summary>
    /// Toxiproxy's populate: each proxy is created, or replaced when one of that name listens or connects elsewhere
    /// (one that matches is kept as it is). Stops at the first that fails; <paramref name="done"/> holds those before it.
    /// </summary>
    public void Populate(IReadOnlyList<ProxyInput> inputs, List<FaultProxy> done)
    {
        lock (_gate)
        {
            foreach (var input in inputs)
            {
                if (_proxies.TryGetValue(input.Name, out var existing))
                {
                    if (existing.Listen == input.Listen && existing.Upstream == input.Upstream)
                    {
                        done.Add(existing);
                        continue;
                    }

                    _proxies.Remove(input.Name);
                    existing.Dispose();
                }

                done.Add(Add(input));
            }
        }
    }

    /// <summary>Every proxy enabled again and every toxic removed (POST /reset).</summary>
    public void Reset()
    {
        foreach (var proxy in All())
        {
            proxy.ResetToxics();
            try
            {
                proxy.Start();
            }
            catch (ProxyApiException)
            {
                // Its address was taken while it was disabled: it stays disabled, as Toxiproxy leaves it.
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var proxy in _proxies.Values)
            {
                proxy.Dispose();
            }

            _proxies.Clear();
        }
    }

    private FaultProxy Add(ProxyInput input)
    {
        var proxy = new FaultProxy(input.Name, input.Listen, input.Upstream, Time);
        if (input.Enabled)
        {
            proxy.Start();
        }

        _proxies.Add(input.Name, proxy);
        return proxy;
    }
}
