using System.Buffers;
using Stadium.Lab.Measurement;

namespace Stadium.Lab.Http;

/// <summary>An answer as the generator saw it. <see cref="Body"/> is kept only when asked for.</summary>
public readonly record struct MeasuredResponse(int Status, ErrorKind Error, byte[]? Body, TimeSpan? RetryAfter)
{
    public bool IsSuccess => Error == ErrorKind.None && Status is >= 200 and < 300;
}

/// <summary>
/// Sends one request and records it: corrected latency from the intended start, service time from
/// the actual send, status or error kind, and bytes both ways.
/// </summary>
public sealed class MeasuredSender(HttpClient client, TimeProvider time)
{
    private const int DrainBufferBytes = 16 * 1024;

    public TimeProvider Time => time;

    /// <param name="intendedTimestamp">When the schedule wanted this request sent (the send time in closed models).</param>
    /// <param name="requestBytes">Bytes of the request as written (line, headers, body), computed by the caller once per template.</param>
    /// <param name="keepBody">Journeys need the body (tokens, ids, cursors); plain load only counts it.</param>
    public async Task<MeasuredResponse> SendAsync(
        HttpRequestMessage request, EndpointMeter meter, long intendedTimestamp, long requestBytes, bool keepBody, CancellationToken ct)
    {
        var sent = time.GetTimestamp();
        var status = 0;
        var error = ErrorKind.None;
        long received = 0;
        byte[]? body = null;
        TimeSpan? retryAfter = null;
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            status = (int)response.StatusCode;
            received = HeaderBytes(response);
            retryAfter = response.Headers.RetryAfter?.Delta;
            await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            if (keepBody)
            {
                using var copy = new MemoryStream();
                await stream.CopyToAsync(copy, ct).ConfigureAwait(false);
                body = copy.ToArray();
                received += body.Length;
            }
            else
            {
                received += await DrainAsync(stream, ct).ConfigureAwait(false);
            }
        }
        catch (Exception failure) when (!ct.IsCancellationRequested)
        {
            error = FailureClassifier.Classify(failure);
        }
        finally
        {
            request.Dispose();
        }

        var done = time.GetTimestamp();
        meter.Record(Microseconds(intendedTimestamp, done), Microseconds(sent, done), status, error, requestBytes, received);
        return new MeasuredResponse(status, error, body, retryAfter);
    }

    private long Microseconds(long from, long to) => (long)((to - from) * 1_000_000.0 / time.TimestampFrequency);

    private static async Task<long> DrainAsync(Stream stream, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(DrainBufferBytes);
        try
        {
            long total = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Status line plus headers as they came over the wire, give or take whitespace.</summary>
    private static long HeaderBytes(HttpResponseMessage response)
    {
        long bytes = 17 + (response.ReasonPhrase?.Length ?? 0);
        foreach (var header in response.Headers.NonValidated)
        {
            bytes += header.Key.Length + 4;
            foreach (var value in header.Value)
            {
                bytes += value.Length;
            }
        }

        foreach (var header in response.Content.Headers.NonValidated)
        {
            bytes += header.Key.Length + 4;
            foreach (var value in header.Value)
            {
                bytes += value.Length;
            }
        }

        return bytes + 2;
    }

    /// <summary>Bytes of a request line and headers as HTTP/1.1 writes them, plus the body.</summary>
    public static long RequestBytes(string method, Uri uri, IEnumerable<KeyValuePair<string, string>> headers, int bodyBytes)
    {
        long bytes = method.Length + 1 + uri.PathAndQuery.Length + 11 + "Host: ".Length + uri.Authority.Length + 2;
        foreach (var (key, value) in headers)
        {
            bytes += key.Length + 2 + value.Length + 2;
        }

        if (bodyBytes > 0)
        {
            bytes += "Content-Length: ".Length + bodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture).Length + 2 + bodyBytes;
        }

        return bytes + 2;
    }
}
