using System.Net;

namespace Stadium.Lab.Http;

/// <summary>
/// Load goes to this machine unless someone says otherwise: a mistyped URL must never turn a
/// rehearsal into an attack on somebody's service.
/// </summary>
public static class TargetGuard
{
    public static bool IsLoopback(Uri target) =>
        target.IsLoopback || (IPAddress.TryParse(target.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    /// <summary>Throws unless <paramref name="target"/> is a loopback http(s) URL or remote targets were allowed explicitly.</summary>
    public static Uri Check(string target, bool allowRemote)
    {
        if (!Uri.TryCreate(target, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{target}' is not an absolute http(s) URL.");
        }

        if (!allowRemote && !IsLoopback(uri))
        {
            throw new ArgumentException($"'{uri.Host}' is not a loopback address; pass --allow-remote to load a remote target you own.");
        }

        return uri;
    }
}
