using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Stadium.Gateway.Tests;

/// <summary>
/// A small real node on a free loopback port: every path answers its name (text) unless told otherwise;
/// /health/ready answers as <see cref="Readiness"/> says (a Stadium node's three answers); /v1/slow waits for
/// <see cref="Release"/>; <see cref="Status"/> makes every other answer that status. It keeps the deadline header of
/// the last request and counts what it served.
/// </summary>
internal sealed class TestBackend : IAsyncDisposable
{
    public const string Healthy = "Healthy";
    public const string Degraded = "Degraded: memory: critical pressure";
    public const string NotReady = "not ready";

    private readonly WebApplication _app;
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _served;
    private int _waiting;

    private TestBackend(string name, WebApplication app)
    {
        Name = name;
        _app = app;
    }

    public string Name { get; }

    public string Url { get; private set; } = "";

    public volatile string Readiness = Healthy;

    public volatile int Status = StatusCodes.Status200OK;

    public ConcurrentQueue<string> DeadlineHeaders { get; } = new();

    /// <summary>X-Forwarded-For of every request the fallback answered.</summary>
    public ConcurrentQueue<string> ForwardedFor { get; } = new();

    public int Served => Volatile.Read(ref _served);

    /// <summary>Requests to /v1/slow waiting for <see cref="Release"/>.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public static async Task<TestBackend> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var backend = new TestBackend(name, builder.Build());
        backend.Map();
        await backend._app.StartAsync();
        backend.Url = backend._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return backend;
    }

    public void Release()
    {
        var release = _release;
        _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        release.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Map()
    {
        _app.MapGet("/health/ready", () => Readiness == NotReady ? Results.StatusCode(StatusCodes.Status503ServiceUnavailable) : Results.Text(Readiness));
        _app.MapGet("/v1/slow", async () =>
        {
            Interlocked.Increment(ref _waiting);
            await _release.Task;
            Interlocked.Decrement(ref _waiting);
            return Answer();
        });
        _app.MapGet("/v1/public", (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "public, max-age=5";
            return Answer();
        });
        _app.MapFallback((HttpContext context) =>
        {
            DeadlineHeaders.Enqueue(context.Request.Headers["Stadium-Deadline-Ms"].ToString());
            ForwardedFor.Enqueue(context.Request.Headers["X-Forwarded-For"].ToString());
            return Answer();
        });
    }

    private IResult Answer()
    {
        Interlocked.Increment(ref _served);
        return Status == StatusCodes.Status200OK ? Results.Text(Name) : Results.StatusCode(Status);
    }
}
