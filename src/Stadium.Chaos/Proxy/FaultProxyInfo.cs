namespace Stadium.Chaos.Proxy;

/// <summary>A proxy as the API shows it (Toxiproxy's shape): <see cref="Listen"/> is the bound address once enabled.</summary>
public sealed record FaultProxyInfo(string Name, string Listen, string Upstream, bool Enabled, IReadOnlyList<ToxicInfo> Toxics);
