using System.Buffers;
using Stadium.Lab.Measurement;

namespace Stadium.Lab.Http;

/// <summary>
/// Sends one request and records it: corrected latency from the intended start, the wait for a free
/// connection, service time from when it had one, status or error kind, and bytes both ways.
/// </summary>
/// <remarks>
/// With <c>connections</c> given (the client's MaxConnectionsPerServer), at most that many requests are
/// handed to the client at once, so the handler never queues one internally: the wait for a free
/// connection happens here, where it is timed on its own (in the open model it is queueing, part of
/// the corrected latency and not of the service time). Service time therefore runs from handing the
/// request to a free connection to the end of the response; it includes opening a TCP connection when
/// one has to be (re)opened. Without <c>connections</c>, service time runs from the call.
/// </remarks>
internal sealed class MeasuredSender(HttpClient client, TimeProvider time, int? connections = null) : IDisposable
{
    private const int DrainBufferBytes = 16 * 1024;

    private readonly SemaphoreSlim? _freeConnections = connections is { } c ? new SemaphoreSlim(c, c) : null;

    public TimeProvider Time => time;

    /// <param name="intendedTimestamp">When the schedule wanted this request sent (the send time in closed models).</param>
    /// <param name="requestBytes">Bytes of the request as written (line, headers, body), computed by the caller once per template.</param>
    /// <param name="keepBody">Journeys need the body (tokens, ids, cursors); plain load only counts it.</param>
    public async Task<MeasuredResponse> SendAsync(
        HttpRequestMessage request, EndpointMeter meter, long intendedTimestamp, long requestBytes, bool keepBody, CancellationToken ct)
    {
        var called = time.GetTimestamp();
        var sent = called;
        var status = 0;
        var error = ErrorKind.None;
        long received = 0;
        byte[]? body = null;
        TimeSpan? retryAfter = null;
        string? consistency = null;
        var saysRetryAfter = false;
        var degraded = false;
        var holdsConnection = false;
        try
        {
            if (_freeConnections is not null)
            {
                await _freeConnections.WaitAsync(ct).ConfigureAwait(false);
                holdsConnection = true;
                sent = time.GetTimestamp();
            }

            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            status = (int)response.StatusCode;
            received = HeaderBytes(response);
            retryAfter = response.Headers.RetryAfter?.Delta;
            saysRetryAfter = response.Headers.RetryAfter is not null;
            degraded = response.Headers.NonValidated.Contains(MeasuredResponse.DegradedHeader);
            await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            if (keepBody)
            {
                consistency = response.Headers.TryGetValues(MeasuredResponse.ConsistencyHeader, out var tokens) ? tokens.FirstOrDefault() : null;
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

            // The response has been read to its end and disposed, so its connection is back in the pool.
            if (holdsConnection)
            {
                _freeConnections!.Release();
            }
        }

        var done = time.GetTimestamp();
        meter.Record(
            Microseconds(intendedTimestamp, done), Microseconds(sent, done), status, error, requestBytes, received,
            _freeConnections is null ? null : Microseconds(called, sent), saysRetryAfter, degraded && error == ErrorKind.None);
        return new MeasuredResponse(status, error, body, retryAfter, consistency);
    }

    public void Dispose() => _freeConnections?.Dispose();

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
