using System.Net;
using System.Net.Sockets;

namespace Stadium.Protection.RateLimits;

/// <summary>
/// The address an anonymous client's bucket is keyed by: the connection's remote address, never a forwarded header
/// (behind a proxy, ASP.NET's ForwardedHeaders middleware with the proxy's address in KnownProxies sets it). An IPv6
/// client counts by its /64, since one host usually holds a whole /64 and could otherwise take a new bucket per request.
/// </summary>
internal static class ClientAddress
{
    public const string Unknown = "unknown";

    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            return Unknown;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6 || IPAddress.IsLoopback(address))
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }
}
