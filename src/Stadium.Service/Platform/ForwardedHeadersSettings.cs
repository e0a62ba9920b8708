using System.Net;

namespace Stadium.Service.Platform;

/// <summary>
/// "Stadium:ForwardedHeaders": the proxies (the gateway, a load balancer) whose X-Forwarded-For and X-Forwarded-Proto a
/// node believes. Behind a proxy every request arrives from the proxy's address, so per-address limits and the
/// anonymous shedding key would be shared by every client; with the proxy listed, the node sees the client's address
/// the proxy saw. Empty (the default): the headers are ignored and the connection's address is the client's, so a
/// client cannot name itself someone else.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "Stadium:ForwardedHeaders";

    /// <summary>Addresses ("127.0.0.1") or networks in CIDR form ("10.0.0.0/8") of the proxies to believe.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>How many proxies deep to read X-Forwarded-For, from the nearest: 1 when one gateway sits in front.</summary>
    public int ForwardLimit { get; set; } = 1;

    public static bool IsAddressOrNetwork(string text) =>
        IPAddress.TryParse(text, out _) || (text.Contains('/') && IPNetwork.TryParse(text, out _));
}
