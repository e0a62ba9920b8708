using System.Globalization;
using System.Net;

namespace Stadium.Chaos.Proxy;

/// <summary>
/// The <c>host:port</c> strings of the API. A proxy listens on a loopback address only: it exists to hurt traffic, so
/// reaching it from elsewhere is never a default (Toxiproxy's <c>localhost:0</c> and <c>127.0.0.1:0</c> pick a free port).
/// </summary>
internal static class ProxyAddress
{
    /// <summary>Where a proxy listens; absent or empty is 127.0.0.1 on a free port.</summary>
    public static IPEndPoint Listen(string? listen)
    {
        if (string.IsNullOrWhiteSpace(listen))
        {
            return new IPEndPoint(IPAddress.Loopback, 0);
        }

        var (host, port) = Split(listen, "listen");
        IPAddress? address = host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback : null;
        if (address is null && !IPAddress.TryParse(host, out address))
        {
            throw ProxyApiException.BadRequest($"listen {listen}: the host must be localhost or a loopback IP address");
        }

        if (!IPAddress.IsLoopback(address))
        {
            throw ProxyApiException.BadRequest($"listen {listen}: a proxy listens on a loopback address only (127.0.0.1, ::1 or localhost)");
        }

        return new IPEndPoint(address, port);
    }

    /// <summary>Where a proxy connects; the host is resolved at each connection, as Toxiproxy does.</summary>
    public static (string Host, int Port) Upstream(string upstream)
    {
        var (host, port) = Split(upstream, "upstream");
        if (host.Length == 0 || port == 0)
        {
            throw ProxyApiException.BadRequest($"upstream {upstream}: give host:port with a port from 1 to 65535");
        }

        return (host, port);
    }

    public static string Format(EndPoint endpoint) => endpoint switch
    {
        IPEndPoint ip => ip.ToString(),
        _ => endpoint.ToString() ?? "",
    };

    private static (string Host, int Port) Split(string text, string field)
    {
        var colon = text.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw ProxyApiException.BadRequest($"{field} {text}: expected host:port with a port from 0 to 65535");
        }

        return (text[..colon].Trim('[', ']'), port);
    }
}
