using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Stadium.Lab.Execution;
using Stadium.Lab.Http;
using Stadium.Lab.Journeys;
using Stadium.Lab.Measurement;

namespace Stadium.Lab.Tests;

/// <summary>
/// A login the server sheds (503 + Retry-After) makes that account stay away as long as it was asked,
/// as an app does: its iterations meanwhile send nothing and are counted as backed off, and the wait is
/// never billed to the next endpoint's latency.
/// </summary>
public sealed class LoginBackOffTests : IAsyncLifetime
{
    private WebApplication _server = null!;
    private int _logins;
    private int _feeds;
    private volatile bool _shedding = true;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _server = builder.Build();
        _server.MapPost("/v1/auth/login", (HttpResponse response) =>
        {
            Interlocked.Increment(ref _logins);
            if (_shedding)
            {
                response.Headers.RetryAfter = "30";
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            return Results.Json(new { accessToken = "access", refreshToken = "refresh", expiresIn = 900 });
        });
        _server.MapGet("/v1/feed", () =>
        {
            Interlocked.Increment(ref _feeds);
            return Results.Json(new { items = Array.Empty<object>(), nextCursor = (string?)null });
        });
        await _server.StartAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_shed_login_backs_the_account_off_for_retry_after_then_it_logs_in()
    {
        var ct = CancellationToken.None;
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var measurements = new LoadMeasurements();
        using var client = new HttpClient();
        var target = new Uri(_server.Urls.Single());
        var options = new StadiumJourneyOptions(
            target, Population: 1, "password", 1.0, JourneyMix.Parse(new Dictionary<string, double> { ["readFeed"] = 1 }),
            new Dictionary<int, JourneyMix>(), new PostBodySizes(), Ledger: null);
        var workload = new StadiumJourneyWorkload(options, new MeasuredSender(client, time), measurements);
        workload.EnterPhase(0, PhasePlan.ConstantRate("test", 1, TimeSpan.FromSeconds(10), 10, TimeSpan.FromSeconds(1)));

        for (var i = 0; i < 5; i++)
        {
            await workload.RunIterationAsync(new IterationContext(time.GetTimestamp(), -1, 0), ct);
            time.Advance(TimeSpan.FromSeconds(5));
        }

        Assert.Equal(1, _logins);
        Assert.Equal(0, _feeds);
        Assert.Equal(4, measurements.BackedOffIterations);

        // 25 s have passed; 30 were asked for. One more wait is still backed off, then it tries again.
        await workload.RunIterationAsync(new IterationContext(time.GetTimestamp(), -1, 0), ct);
        Assert.Equal(1, _logins);
        _shedding = false;
        time.Advance(TimeSpan.FromSeconds(6));
        await workload.RunIterationAsync(new IterationContext(time.GetTimestamp(), -1, 0), ct);

        Assert.Equal(2, _logins);
        Assert.Equal(1, _feeds);
        Assert.Equal(5, measurements.BackedOffIterations);
        var login = measurements.Meters.Single(m => m.Name == "login");
        Assert.Equal(2, login.Requests);

        // The shed login is what journeys expect of a busy server: counted as shed, not as an error.
        Assert.Equal(1, login.Shed);
        Assert.Equal(0, login.Errors);
    }
}
