namespace Stadium.Chaos.Proxy;

/// <summary>
/// A request the proxy API refuses, with Toxiproxy's status for it (400 bad body or field, 404 unknown proxy or toxic,
/// 409 name taken or listen address in use); the API answers it as an RFC 9457 problem that also carries Toxiproxy's
/// <c>error</c> field, so clients written for either read it.
/// </summary>
internal sealed class ProxyApiException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;

    public static ProxyApiException BadRequest(string message) => new(400, message);

    public static ProxyApiException NotFound(string message) => new(404, message);

    public static ProxyApiException Conflict(string message) => new(409, message);
}
