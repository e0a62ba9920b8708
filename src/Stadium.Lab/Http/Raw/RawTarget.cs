using System.Net;
using System.Net.Sockets;

namespace Stadium.Lab.Http.Raw;

/// <summary>
/// Where the raw engine connects: the target's addresses, resolved once before the run so no lookup
/// is ever timed. IPv4 comes first because loopback servers (Kestrel on 127.0.0.1) usually listen there.
/// </summary>
internal sealed record RawTarget(IReadOnlyList<IPEndPoint> EndPoints)
{
    public static async Task<RawTarget> ResolveAsync(Uri uri, CancellationToken ct)
    {
        var addresses = IPAddress.TryParse(uri.DnsSafeHost, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(uri.DnsSafeHost, ct).ConfigureAwait(false);
        if (addresses.Length == 0)
        {
            throw new ArgumentException($"'{uri.Host}' has no address.");
        }

        return new RawTarget([.. addresses
            .OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1)
            .Select(a => new IPEndPoint(a, uri.Port))]);
    }
}
