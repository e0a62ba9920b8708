namespace Stadium.Chaos.Proxy;

/// <summary>A proxy as POST /proxies and POST /populate give it.</summary>
internal sealed record ProxyInput(string Name, string? Listen, string Upstream, bool Enabled);
