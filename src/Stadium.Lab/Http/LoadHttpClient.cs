using System.Net;

namespace Stadium.Lab.Http;

/// <summary>
/// The generator's one HttpClient: a fixed pool of connections that are never recycled (a new
/// connection mid-run would show up as a connect-time spike that production wouldn't see), no
/// proxy, cookies, redirects or decompression, so what is timed is the target and nothing else.
/// </summary>
public static class LoadHttpClient
{
    public static HttpClient Create(HttpClientOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = options.RequestTimeout,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            EnableMultipleHttp2Connections = false,
        };
        return new HttpClient(handler, disposeHandler: true)
        {
            Timeout = options.RequestTimeout,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }
}
