using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Stadium.Lab.Dashboard;
using Stadium.Lab.Measurement;

namespace Stadium.Lab.Tests;

/// <summary>The live dashboard's server on its own (real Kestrel, real HTTP) and its command-line errors.</summary>
public class DashboardTests
{
    private static readonly EndpointDefinition Feed = new("feed", "GET", "/v1/feed");
    private static readonly EndpointDefinition Login = new("login", "POST", "/v1/auth/login", ExpectShed: true);

    [Fact]
    public async Task Snapshot_answers_the_run_so_far_and_the_seconds_after_since()
    {
        var measurements = new LoadMeasurements();
        var state = new DashboardState("journeys (test)", "http://127.0.0.1:1/");
        await using var server = await DashboardServer.StartAsync(state, 0, CancellationToken.None);
        measurements.EnterPhase("warmup", TimeSpan.Zero);
        Close(measurements, state, 1, feedMicros: 2_000, shedLogins: 0);
        measurements.EnterPhase("burst", TimeSpan.FromSeconds(1));
        Close(measurements, state, 2, feedMicros: 4_000, shedLogins: 3);
        using var client = new HttpClient { BaseAddress = server.Url };

        using var all = JsonDocument.Parse(await client.GetStringAsync("api/snapshot?since=0"));
        using var later = JsonDocument.Parse(await client.GetStringAsync("api/snapshot?since=1"));

        Assert.Equal("127.0.0.1", server.Url.Host);
        var root = all.RootElement;
        Assert.False(root.GetProperty("finished").GetBoolean());
        Assert.Equal(["warmup", "burst"], root.GetProperty("phases").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(2, root.GetProperty("seconds").GetArrayLength());
        var second = Assert.Single(later.RootElement.GetProperty("seconds").EnumerateArray());
        Assert.Equal("burst", second.GetProperty("phase").GetString());
        Assert.Equal(3, second.GetProperty("shedPerSecond").GetDouble());
        var feed = second.GetProperty("endpoints").EnumerateArray().Single(e => e.GetProperty("name").GetString() == "feed");
        Assert.Equal("reads", feed.GetProperty("group").GetString());
        Assert.Equal(20, feed.GetProperty("requestsPerSecond").GetDouble());
        Assert.InRange(feed.GetProperty("p99Ms").GetDouble(), 3.9, 4.1);
        Assert.InRange(feed.GetProperty("p95Ms").GetDouble(), 3.9, 4.1);
        Assert.InRange(feed.GetProperty("serviceP99Ms").GetDouble(), 1.9, 2.1);
        var login = second.GetProperty("endpoints").EnumerateArray().Single(e => e.GetProperty("name").GetString() == "login");
        Assert.Equal(3, login.GetProperty("shed").GetInt64());
        Assert.Equal("auth", login.GetProperty("group").GetString());
    }

    [Fact]
    public async Task Events_stream_each_second_as_it_closes_and_end_when_the_run_does()
    {
        var measurements = new LoadMeasurements();
        var state = new DashboardState("url", "http://127.0.0.1:1/");
        await using var server = await DashboardServer.StartAsync(state, 0, CancellationToken.None);
        measurements.EnterPhase("url", TimeSpan.Zero);
        Close(measurements, state, 1, feedMicros: 1_000, shedLogins: 0);
        using var client = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(30) };
        using var response = await client.GetAsync("api/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        var first = await NextEventAsync(reader);
        Close(measurements, state, 2, feedMicros: 1_000, shedLogins: 1);
        var second = await NextEventAsync(reader);
        state.Finish();
        var last = await NextEventAsync(reader);

        Assert.Equal("second", first.Name);
        Assert.Equal(1, first.Data.GetProperty("second").GetInt32());
        Assert.Equal("second", second.Name);
        Assert.Equal(2, second.Data.GetProperty("second").GetInt32());
        Assert.Equal(1, second.Data.GetProperty("shedPerSecond").GetDouble());
        Assert.Equal("finished", last.Name);
        Assert.Null(await reader.ReadLineAsync());
    }

    [Fact]
    public async Task A_taken_port_is_a_one_line_error_and_exit_2()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (exitCode, output) = await StadiumCli.RunAsync(
            "load", "url", "http://127.0.0.1:9/", "--duration", "1s", "--rate", "5", "-c", "1", "--dashboard", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-q");

        Assert.Equal(2, exitCode);
        Assert.Contains($"--dashboard: port {port} on 127.0.0.1 is in use", output, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_out_of_range_is_exit_2()
    {
        var (exitCode, output) = await StadiumCli.RunAsync("load", "url", "http://127.0.0.1:9/", "--duration", "1s", "--dashboard", "70000", "-q");

        Assert.Equal(2, exitCode);
        Assert.Contains("--dashboard: port 70000 is not a port number", output, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_without_a_port_takes_the_default_one()
    {
        var (exitCode, output) = await StadiumCli.RunAsync("load", "url", "http://127.0.0.1:9/", "--duration", "1s", "--rate", "5", "-c", "1", "-q", "--dashboard");

        // Nothing listens on port 9, so no request succeeds and the run exits 1 after serving the dashboard. Another process
        // on this machine may hold 5665: then the answer names it, which shows the same choice.
        var port = LiveDashboard.DefaultPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(
            (exitCode == 1 && output.Contains($"Live dashboard: http://127.0.0.1:{port}/", StringComparison.Ordinal))
            || (exitCode == 2 && output.Contains($"--dashboard: port {port} on 127.0.0.1 is in use", StringComparison.Ordinal)),
            output);
    }

    [Fact]
    public async Task A_word_after_dashboard_is_named_in_the_error_not_a_stack_trace()
    {
        var (exitCode, output) = await StadiumCli.RunAsync("load", "url", "--dashboard", "http://127.0.0.1:9/", "--duration", "1s", "-q");

        Assert.Equal(2, exitCode);
        // The option's own parser says what it wanted (a port) and how to put it, not a generic "not a whole number".
        Assert.Contains("stadium load url: --dashboard: 'http://127.0.0.1:9/' is not a port number; give one (--dashboard 5665) or put --dashboard after the URL or scenario (see --help)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);
    }

    /// <summary>A second with 20 feed reads (corrected <paramref name="feedMicros"/>, service half of it) and 10 logins, some shed.</summary>
    private static void Close(LoadMeasurements measurements, DashboardState state, int second, long feedMicros, int shedLogins)
    {
        var feed = measurements.Meter(Feed);
        var login = measurements.Meter(Login);
        for (var i = 0; i < 20; i++)
        {
            feed.Record(feedMicros, feedMicros / 2, 200, ErrorKind.None, 10, 10);
        }

        for (var i = 0; i < 10; i++)
        {
            login.Record(300_000, 300_000, i < shedLogins ? 503 : 200, ErrorKind.None, 10, 10, retryAfter: i < shedLogins);
        }

        state.Add(measurements.CloseSecond(TimeSpan.FromSeconds(second)), measurements);
    }

    private static async Task<(string Name, JsonElement Data)> NextEventAsync(StreamReader reader)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        string? name = null, data = null;
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Length == 0 && name is not null)
            {
                return (name, JsonDocument.Parse(data ?? "{}").RootElement.Clone());
            }

            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
        }

        throw new InvalidOperationException("The event stream ended before a whole event.");
    }
}
