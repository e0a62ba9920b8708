using System.Net.Sockets;

namespace Stadium.Chaos.Proxy;

/// <summary>
/// One named TCP proxy: a listener on loopback, a connection to the upstream per accepted client, and the toxics every
/// connection runs. Toxics apply to live connections as they are added or removed; disabling closes the listener and
/// every connection (new ones are refused). A TTL, on a toxic or on a disable, is enforced by the proxy's own clock,
/// so the fault ends even when whoever set it is gone.
/// </summary>
internal sealed class FaultProxy : IDisposable
{
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly HashSet<ProxyConnection> _connections = [];
    private readonly ToxicTimers _expiry;
    private ToxicDefinition[] _toxics = [];
    private Socket? _listener;
    private ITimer? _reenable;

    public FaultProxy(string name, string? listen, string upstream, TimeProvider time)
    {
        ProxyAddress.Upstream(upstream);
        Name = name;
        Listen = ProxyAddress.Format(ProxyAddress.Listen(listen));
        Upstream = upstream;
        _time = time;
        _expiry = new ToxicTimers(time);
    }

    public string Name { get; }

    /// <summary>The listen address; once started, the bound one (a port 0 becomes the port picked).</summary>
    public string Listen { get; private set; }

    public string Upstream { get; private set; }

    public bool Enabled { get; private set; }

    /// <summary>Seconds after which a disabled proxy enables itself, when the disable gave a TTL.</summary>
    public double? DisabledTtl { get; private set; }

    public IReadOnlyList<ToxicDefinition> Toxics => Volatile.Read(ref _toxics);

    /// <summary>Starts listening (a 409 when the address is taken); nothing when already enabled.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (Enabled)
            {
                return;
            }

            var endpoint = ProxyAddress.Listen(Listen);
            var listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                listener.Bind(endpoint);
                listener.Listen(512);
            }
            catch (SocketException e)
            {
                listener.Dispose();
                throw e.SocketErrorCode == SocketError.AddressAlreadyInUse
                    ? ProxyApiException.Conflict($"listen {Listen}: address already in use")
                    : ProxyApiException.BadRequest($"listen {Listen}: {e.Message}");
            }

            Listen = ProxyAddress.Format(listener.LocalEndPoint!);
            _listener = listener;
            Enabled = true;
            CancelReenable();
            _ = AcceptAsync(listener);
        }
    }

    /// <summary>Closes the listener and every connection; nothing when already disabled.</summary>
    public void Stop()
    {
        ProxyConnection[] open;
        lock (_gate)
        {
            Enabled = false;
            _listener?.Dispose();
            _listener = null;
            open = [.. _connections];
        }

        foreach (var connection in open)
        {
            connection.Close();
        }
    }

    /// <summary>
    /// Toxiproxy's proxy update: a new listen or upstream restarts an enabled proxy; <paramref name="ttl"/> with a
    /// disable enables it again that many seconds later.
    /// </summary>
    public void Update(string? listen, string upstream, bool enabled, double? ttl)
    {
        ProxyAddress.Upstream(upstream);
        var endpoint = ProxyAddress.Format(ProxyAddress.Listen(listen ?? Listen));
        if (endpoint != Listen || upstream != Upstream)
        {
            Stop();
            lock (_gate)
            {
                Listen = endpoint;
                Upstream = upstream;
            }
        }

        if (!enabled)
        {
            Stop();
            lock (_gate)
            {
                CancelReenable();
                if (ttl is { } seconds)
                {
                    DisabledTtl = seconds;
                    _reenable = _time.CreateTimer(_ => Reenable(), null, TimeSpan.FromSeconds(seconds), Timeout.InfiniteTimeSpan);
                }
            }
        }
        else
        {
            Start();
        }
    }

    public ToxicDefinition AddToxic(ToxicDefinition toxic)
    {
        lock (_gate)
        {
            if (_toxics.Any(t => t.Name == toxic.Name))
            {
                throw ProxyApiException.Conflict($"toxic already exists: {toxic.Name}");
            }

            SetToxics([.. _toxics, toxic]);
            _expiry.Set(toxic, ExpireToxic);
            return toxic;
        }
    }

    public ToxicDefinition GetToxic(string name) =>
        Toxics.FirstOrDefault(t => t.Name == name) ?? throw ProxyApiException.NotFound($"toxic not found: {name}");

    /// <summary>
    /// Replaces a toxic. With <paramref name="restartTtl"/> (the update gave a TTL) its clock starts again from now;
    /// otherwise the toxic still ends when it was going to.
    /// </summary>
    public ToxicDefinition UpdateToxic(string name, Func<ToxicDefinition, ToxicDefinition> change, bool restartTtl)
    {
        lock (_gate)
        {
            var index = Array.FindIndex(_toxics, t => t.Name == name);
            if (index < 0)
            {
                throw ProxyApiException.NotFound($"toxic not found: {name}");
            }

            var updated = change(_toxics[index]);
            var toxics = _toxics.ToArray();
            toxics[index] = updated;
            SetToxics(toxics);
            if (restartTtl)
            {
                _expiry.Set(updated, ExpireToxic);
            }

            return updated;
        }
    }

    public void RemoveToxic(string name)
    {
        lock (_gate)
        {
            if (!_toxics.Any(t => t.Name == name))
            {
                throw ProxyApiException.NotFound($"toxic not found: {name}");
            }

            SetToxics([.. _toxics.Where(t => t.Name != name)]);
            _expiry.Forget(name);
        }
    }

    public void ResetToxics()
    {
        lock (_gate)
        {
            SetToxics([]);
            _expiry.Clear();
        }
    }

    public void Dispose()
    {
        Stop();
        lock (_gate)
        {
            CancelReenable();
            _expiry.Clear();
        }
    }

    private void SetToxics(ToxicDefinition[] toxics)
    {
        Volatile.Write(ref _toxics, toxics);
        foreach (var connection in _connections)
        {
            connection.Apply(toxics);
        }
    }

    private void ExpireToxic(string name)
    {
        lock (_gate)
        {
            // A toxic removed (or re-added without a TTL) since has had its timer forgotten, so this is still its time.
            SetToxics([.. _toxics.Where(t => t.Name != name)]);
            _expiry.Forget(name);
        }
    }

    private void Reenable()
    {
        try
        {
            Start();
        }
        catch (ProxyApiException)
        {
            // The address was taken meanwhile: the proxy stays disabled, as GET /proxies shows.
        }
    }

    private void CancelReenable()
    {
        _reenable?.Dispose();
        _reenable = null;
        DisabledTtl = null;
    }

    private async Task AcceptAsync(Socket listener)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync();
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.OperationAborted or SocketError.Interrupted || !IsCurrent(listener))
            {
                return; // the listener was closed: the proxy was disabled or removed
            }
            catch (SocketException)
            {
                // One client's failure (a connection reset before it was accepted, no file descriptors left for a
                // moment) must not end the listener: Toxiproxy keeps accepting too.
                await Task.Delay(10);
                continue;
            }

            _ = ServeAsync(listener, client);
        }
    }

    private bool IsCurrent(Socket listener)
    {
        lock (_gate)
        {
            return ReferenceEquals(listener, _listener);
        }
    }

    private async Task ServeAsync(Socket listener, Socket client)
    {
        try
        {
            client.NoDelay = true;
        }
        catch (SocketException)
        {
            client.Dispose(); // reset by its peer between accept and now
            return;
        }

        ProxyConnection connection;
        if (await UpstreamDialer.ConnectAsync(Upstream) is not { } upstream)
        {
            // The upstream refuses or is unreachable: the client sees its connection closed, as with Toxiproxy.
            client.Dispose();
            return;
        }

        lock (_gate)
        {
            if (!ReferenceEquals(listener, _listener))
            {
                upstream.Dispose();
                client.Dispose();
                return;
            }

            connection = new ProxyConnection(client, upstream, _time, _toxics);
            _connections.Add(connection);
        }

        try
        {
            await connection.RunAsync();
        }
        finally
        {
            lock (_gate)
            {
                _connections.Remove(connection);
            }
        }
    }
}
