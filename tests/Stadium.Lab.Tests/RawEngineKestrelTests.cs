using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Spectre.Console.Testing;
using Stadium.Lab.Generic;
using Stadium.Lab.Reports;

namespace Stadium.Lab.Tests;

/// <summary>
/// A bare Kestrel like `stadium ceiling` (chunked JSON, fixed-length text, Connection: close) on a free
/// loopback port, counting the requests it served per path, so every run's request count can be held
/// against the server's own.
/// </summary>
public sealed class CountingKestrel : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, long> _served = new(StringComparer.Ordinal);

    public WebApplication App { get; private set; } = null!;

    public Uri Address { get; private set; } = null!;

    public long Served(string path) => _served.GetValueOrDefault(path);

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        App = builder.Build();
        App.Use(async (context, next) =>
        {
            _served.AddOrUpdate(context.Request.Path.Value!, 1, (_, n) => n + 1);
            await next(context);
        });
        App.MapGet("/json", () => TypedResults.Json(new { message = "Hello, World!" }));
        App.MapGet("/fixed", async context =>
        {
            context.Response.ContentLength = 5;
            await context.Response.WriteAsync("fixed");
        });
        App.MapGet("/close", context =>
        {
            context.Response.Headers.Connection = "close";
            return context.Response.WriteAsync("closing");
        });
        App.MapPost("/echo", async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            context.Response.StatusCode = body == "{\"n\":1}" && context.Request.Headers["X-Run"] == "raw" ? 201 : 400;
        });
        await App.StartAsync();
        Address = new Uri(App.Urls.Single());
    }

    public async Task DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

/// <summary>
/// `stadium load url` on the raw engine against a real Kestrel: what the generator counted must be
/// exactly what the server served, in the closed and the open model, for each way of framing a body.
/// Runs outside the parallel phase: a closed loop at full speed takes both cores for a second and
/// would make the timing tests of other classes late.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public class RawEngineKestrelTests(CountingKestrel server) : IClassFixture<CountingKestrel>
{
    [Theory]
    [InlineData("/json")]
    [InlineData("/fixed")]
    [InlineData("/close")]
    public async Task Closed_loop_counts_equal_the_servers_counts(string path)
    {
        var before = server.Served(path);

        var results = await RunAsync(new RequestTemplate("url", "GET", new Uri(server.Address, path).ToString(), [], null), rate: null);

        Assert.True(results.Requests > 50, $"only {results.Requests} requests");
        Assert.Equal(0, results.Errors);
        Assert.Equal(results.Requests, server.Served(path) - before);
        Assert.Equal(results.Requests, results.Endpoints["url"].StatusCodes["200"]);
        Assert.Contains("raw engine", results.Mode, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fixed_rate_sends_the_scheduled_arrivals_and_the_server_sees_each_one()
    {
        var before = server.Served("/json");

        var results = await RunAsync(new RequestTemplate("url", "GET", new Uri(server.Address, "/json").ToString(), [], null), rate: 400);

        Assert.InRange(results.Requests, 360, 400);
        Assert.Equal(0, results.DroppedIterations);
        Assert.Equal(results.Requests, server.Served("/json") - before);
        Assert.Contains("open, fixed rate, raw engine", results.Mode, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Body_and_headers_reach_the_server_and_bytes_sent_are_exact()
    {
        var url = new Uri(server.Address, "/echo").ToString();
        var template = new RequestTemplate("url", "POST", url, [new("X-Run", "raw")], "{\"n\":1}");

        var results = await RunAsync(template, rate: null);

        var endpoint = results.Endpoints["url"];
        Assert.Equal(results.Requests, endpoint.StatusCodes["201"]);
        var perRequest = Http.Raw.RequestBytes.Format("POST", new Uri(url), template.Headers, template.Body).Bytes.Length;
        Assert.Equal(results.Requests * perRequest, endpoint.BytesSent);
    }

    [Fact]
    public async Task The_httpclient_engine_stays_available_and_agrees_on_the_counts()
    {
        var before = server.Served("/fixed");

        var results = await RunAsync(new RequestTemplate("url", "GET", new Uri(server.Address, "/fixed").ToString(), [], null), rate: null, "httpclient");

        Assert.Equal(0, results.Errors);
        Assert.Equal(results.Requests, server.Served("/fixed") - before);
        Assert.Contains("HttpClient engine", results.Mode, StringComparison.Ordinal);
    }

    private static async Task<LoadResults> RunAsync(RequestTemplate request, double? rate, string engine = "raw")
    {
        var job = new LoadJob(new TestConsole(), TimeProvider.System);
        var (_, results) = await job.RunUrlAsync(
            request, connections: 4, TimeSpan.FromSeconds(1), rate, TimeSpan.FromSeconds(5), maxRequests: 200_000, allowRemote: false,
            new OutputOptions(null, null, [], Quiet: true), CancellationToken.None, engine);
        return results;
    }
}
