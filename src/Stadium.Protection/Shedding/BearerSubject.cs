using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Stadium.Protection.Shedding;

/// <summary>
/// The user a request says it comes from, read from its bearer token's payload WITHOUT checking the signature: the
/// shedder runs before authentication so that refusing a request costs little, and it needs only a guess at who is
/// signed in to order the queue. A forged token buys a place in the queue, never access: authentication still
/// rejects it right after, and the rate limits count it against its address.
/// </summary>
internal static class BearerSubject
{
    private const string Scheme = "Bearer ";

    /// <summary>Longest payload decoded (bytes of base64url): Stadium's access tokens are a few hundred.</summary>
    private const int MaxPayload = 2048;

    public static bool HasBearer(HttpRequest request) => Token(request).Length > 0;

    /// <summary>The token's <c>sub</c> claim as UTF-8 bytes written into <paramref name="destination"/>; 0 when there is none.</summary>
    public static int Read(HttpRequest request, Span<byte> destination)
    {
        var token = Token(request);
        var first = token.IndexOf('.');
        if (first < 0)
        {
            return 0;
        }

        var rest = token[(first + 1)..];
        var second = rest.IndexOf('.');
        var payload = second < 0 ? rest : rest[..second];
        if (payload.Length is 0 or > MaxPayload)
        {
            return 0;
        }

        Span<byte> json = stackalloc byte[Base64Url.GetMaxDecodedLength(payload.Length)];
        if (Base64Url.DecodeFromChars(payload, json, out _, out var written) != OperationStatus.Done)
        {
            return 0;
        }

        return Subject(json[..written], destination);
    }

    private static ReadOnlySpan<char> Token(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.Authorization];
        if (header.Count != 1 || header[0] is not { } value || !value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        return value.AsSpan(Scheme.Length).Trim();
    }

    private static int Subject(ReadOnlySpan<byte> json, Span<byte> destination)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return 0;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isSubject = reader.ValueTextEquals("sub"u8);
                if (!reader.Read())
                {
                    return 0;
                }

                if (isSubject && reader.TokenType is JsonTokenType.String or JsonTokenType.Number && !reader.ValueIsEscaped && reader.ValueSpan.Length <= destination.Length)
                {
                    reader.ValueSpan.CopyTo(destination);
                    return reader.ValueSpan.Length;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Not JSON: no subject, the request is ordered by its address.
        }

        return 0;
    }
}
