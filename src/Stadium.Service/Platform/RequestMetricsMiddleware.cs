using System.Collections.Frozen;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Stadium.Data.Requests;

namespace Stadium.Service.Platform;

/// <summary>Measures each request's body sizes and downstream calls, tagged by route template.</summary>
internal sealed class RequestMetricsMiddleware(RequestDelegate next, StadiumMetrics metrics, DataRequestAccessor requests)
{
    /// <summary>The label of every method outside <see cref="KnownMethods"/>, as ASP.NET Core's own request metrics spell it.</summary>
    public const string OtherMethod = "_OTHER";

    private static readonly FrozenSet<string> KnownMethods = FrozenSet.ToFrozenSet(
    [
        HttpMethods.Connect, HttpMethods.Delete, HttpMethods.Get, HttpMethods.Head, HttpMethods.Options,
        HttpMethods.Patch, HttpMethods.Post, HttpMethods.Put, HttpMethods.Trace,
    ]);

    public async Task InvokeAsync(HttpContext context)
    {
        // UseRouting runs before this middleware (WebApplication adds it first), so the endpoint is known.
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
        var calls = new DataRequest(MethodLabel(context.Request.Method), route);
        using var scope = requests.Begin(calls);
        var original = context.Features.Get<IHttpResponseBodyFeature>()!;
        var counting = new CountingBodyFeature(original);
        context.Features.Set<IHttpResponseBodyFeature>(counting);

        // A chunked upload (.NET's JsonContent sends one) has no Content-Length: its size is known only as it
        // is read. Bodies with a length, and requests that cannot have one (GETs), skip the wrapper.
        var requestBody = context.Request.ContentLength is null && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true
            ? new CountingReadStream(context.Request.Body)
            : null;
        if (requestBody is not null)
        {
            context.Request.Body = requestBody;
        }

        try
        {
            await next(context);
        }
        finally
        {
            context.Features.Set(original);
            if (requestBody is not null)
            {
                context.Request.Body = requestBody.Inner;
            }

            metrics.RecordRequest(calls.Method, calls.Route, requestBody?.Bytes ?? context.Request.ContentLength ?? 0, counting.Bytes, calls);
        }
    }

    /// <summary>
    /// The method as a label: a known one in its one spelling (Kestrel passes "get" on as the client sent it), any other
    /// <see cref="OtherMethod"/>. The client chooses the method, so as a label it would make new series without bound.
    /// </summary>
    private static string MethodLabel(string method) =>
        HttpMethods.GetCanonicalizedValue(method) is var canonical && KnownMethods.Contains(canonical) ? canonical : OtherMethod;

    /// <summary>Counts the request body bytes the endpoint reads.</summary>
    private sealed class CountingReadStream(Stream inner) : Stream
    {
        public Stream Inner => inner;

        public long Bytes { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Counted(inner.Read(buffer));

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Counted(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Counted(await inner.ReadAsync(buffer, cancellationToken));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Counted(int read)
        {
            Bytes += read;
            return read;
        }
    }

    /// <summary>Counts bytes as they pass to the real body writer, keeping Kestrel's pipe fast path.</summary>
    private sealed class CountingBodyFeature : IHttpResponseBodyFeature
    {
        private readonly IHttpResponseBodyFeature _inner;
        private readonly CountingWriter _writer;
        private Stream? _stream;

        public CountingBodyFeature(IHttpResponseBodyFeature inner)
        {
            _inner = inner;
            _writer = new CountingWriter(inner.Writer);
        }

        public long Bytes => _writer.Bytes;

        public Stream Stream => _stream ??= _writer.AsStream(leaveOpen: true);

        public PipeWriter Writer => _writer;

        public Task CompleteAsync() => _inner.CompleteAsync();

        public void DisableBuffering() => _inner.DisableBuffering();

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
        {
            _writer.Bytes += count ?? new FileInfo(path).Length - offset;
            return _inner.SendFileAsync(path, offset, count, cancellationToken);
        }

        public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
    }

    private sealed class CountingWriter(PipeWriter inner) : PipeWriter
    {
        public long Bytes { get; set; }

        public override void Advance(int bytes)
        {
            Bytes += bytes;
            inner.Advance(bytes);
        }

        public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

        public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
        {
            Bytes += source.Length;
            return inner.WriteAsync(source, cancellationToken);
        }

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes;
    }
}
