namespace Stadium.Chaos.Proxy;

/// <summary>Which way a toxic acts, in Toxiproxy's words: upstream is client to server, downstream server to client.</summary>
internal enum ToxicStream
{
    Upstream,
    Downstream,
}
