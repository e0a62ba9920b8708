using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Stadium.Service.Tests;

/// <summary>
/// A stand-in OpenTelemetry collector on loopback: it accepts OTLP/HTTP trace exports (POST /v1/traces, protobuf) and
/// keeps their bodies. Span names and attribute values are plain UTF-8 strings inside the protobuf, so a test can
/// look for them without decoding it.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<byte[]> _exports = new();

    private OtlpReceiver()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/v1/traces", async (HttpContext context) =>
        {
            // The node's tracer listens process-wide, so it would trace this request too (and export that, and so on):
            // an unrecorded span is never exported.
            if (Activity.Current is { } span)
            {
                span.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            }

            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            _exports.Enqueue(body.ToArray());
            context.Response.ContentType = "application/x-protobuf";
        });
    }

    public string Address => _app.Urls.First();

    /// <summary>Everything received so far, as one text (protobuf framing bytes and all).</summary>
    public string Received => string.Join("\n", _exports.Select(Encoding.UTF8.GetString));

    public int Exports => _exports.Count;

    public static async Task<OtlpReceiver> StartAsync()
    {
        var receiver = new OtlpReceiver();
        await receiver._app.StartAsync();
        return receiver;
    }

    /// <summary>Waits until every one of <paramref name="texts"/> has arrived.</summary>
    public async Task WaitForAsync(TimeSpan timeout, params string[] texts)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (texts.Any(t => !Received.Contains(t, StringComparison.Ordinal)))
        {
            var missing = string.Join(", ", texts.Where(t => !Received.Contains(t, StringComparison.Ordinal)));
            Assert.True(DateTime.UtcNow < deadline, $"not received within {timeout}: {missing} ({Exports} exports)");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
