using System.Globalization;
using System.Text;

namespace Stadium.Lab.Http.Raw;

/// <summary>
/// One request formatted once as the exact bytes HTTP/1.1 puts on the wire (request line, Host, the
/// caller's headers, Content-Type and Content-Length when there is a body, the body), so every send is
/// a copy-free write of the same buffer and the bytes-sent figure is exact.
/// </summary>
internal sealed class RequestBytes
{
    private RequestBytes(byte[] bytes, bool expectsResponseBody)
    {
        Bytes = bytes;
        ExpectsResponseBody = expectsResponseBody;
    }

    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>False for HEAD, whose response carries headers describing a body that is never sent.</summary>
    public bool ExpectsResponseBody { get; }

    /// <param name="body">Sent as application/json unless a Content-Type header says otherwise (as the HttpClient engine does).</param>
    public static RequestBytes Format(string method, Uri uri, IReadOnlyList<KeyValuePair<string, string>> headers, string? body)
    {
        method = method.ToUpperInvariant();
        if (method.Length == 0 || !IsToken(method))
        {
            throw new ArgumentException($"'{method}' is not an HTTP method.", nameof(method));
        }

        var text = new StringBuilder();
        text.Append(method).Append(' ').Append(uri.PathAndQuery).Append(" HTTP/1.1\r\n");
        if (!headers.Any(h => h.Key.Equals("Host", StringComparison.OrdinalIgnoreCase)))
        {
            text.Append("Host: ").Append(uri.Authority).Append("\r\n");
        }

        foreach (var (name, value) in headers)
        {
            if (!IsToken(name) || value.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                throw new ArgumentException($"Header '{name}: {value}' is not a valid HTTP header.", nameof(headers));
            }

            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"Header '{name}' is computed from --body; leave it out.", nameof(headers));
            }

            text.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        var bodyBytes = body is null ? null : Encoding.UTF8.GetBytes(body);
        if (bodyBytes is not null)
        {
            if (!headers.Any(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
            {
                text.Append("Content-Type: application/json; charset=utf-8\r\n");
            }

            text.Append("Content-Length: ").Append(bodyBytes.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        }

        text.Append("\r\n");
        byte[] head = Encoding.UTF8.GetBytes(text.ToString());
        return new RequestBytes(bodyBytes is null ? head : [.. head, .. bodyBytes], method != "HEAD");
    }

    /// <summary>RFC 9110 token characters, the only ones allowed in methods and header names.</summary>
    private static bool IsToken(string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal));
}
