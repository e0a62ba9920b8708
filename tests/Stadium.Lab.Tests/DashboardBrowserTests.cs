using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Stadium.Lab.Tests;

/// <summary>
/// `stadium load run --dashboard` end to end: the built CLI runs a two-phase request list against a local Kestrel that
/// sheds a tenth of its requests (503 + Retry-After), and headless Chromium (Debian's `chromium`, installed by test.sh)
/// loads the live page while the run lasts. The figures are read from the page's DOM after its script has run. The burst
/// phase is long, so a Chromium slow to start on a busy machine still finds the run going; the test then stops the run
/// with SIGTERM, which must end it (exit 130) and the dashboard with it.
/// </summary>
public sealed partial class DashboardBrowserTests : TempFolderTest
{
    [Fact]
    public async Task The_live_page_shows_rate_endpoints_phases_and_a_log_latency_axis_while_the_run_lasts()
    {
        await using var target = await StartTargetAsync();
        var scenario = Path.Combine(Folder, "two-phases.yaml");
        await File.WriteAllTextAsync(scenario, """
            name: dashboard-test
            connections: 8
            requests:
              - { name: ok, method: GET, url: /ok, weight: 4 }
              - { name: busy, method: GET, url: /busy, weight: 1 }
            expect:
              shed: [busy]
            phases:
              - { name: warmup, executor: constant-arrival-rate, rate: 50, duration: 2s }
              - { name: burst, executor: constant-arrival-rate, rate: 100, duration: 60s }
            """);
        using var cli = StadiumCli.Start("load", "run", scenario, "--target", target.Urls.Single(), "--dashboard", "0", "--quiet");
        var error = cli.StandardError.ReadToEndAsync();
        Uri? url = null;
        try
        {
            url = await DashboardUrlAsync(cli);
            using var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(10) };
            await WaitForBurstAsync(client);

            var dom = await DumpDomAsync(url);

            var rate = Regex.Match(dom, "<b id=\"rate\">([0-9.,]+)</b>");
            Assert.True(rate.Success, dom);
            Assert.True(double.Parse(rate.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) > 0, dom);
            Assert.Matches("id=\"status\"[^>]*>running<", dom);
            Assert.Contains("<b id=\"phase\">burst</b>", dom, StringComparison.Ordinal);
            Assert.Matches("<tr data-endpoint=\"ok\"><td>ok</td><td>ok</td><td>[0-9.]+</td>", dom);
            Assert.Contains("<tr data-endpoint=\"busy\">", dom, StringComparison.Ordinal);
            Assert.Contains("class=\"phase\" data-phase=\"warmup\"", dom, StringComparison.Ordinal);
            Assert.Contains("class=\"phase\" data-phase=\"burst\"", dom, StringComparison.Ordinal);
            Assert.Matches("<svg class=\"latency\" data-group=\"ok\"[^>]*data-scale=\"log\"", dom);
            Assert.Matches(">1 ms</text>.*>10 ms</text>", dom);
            Assert.Matches("stroke-dasharray=\"5 3\"[^>]*data-series=\"ok p99 service time\"", dom);
            Assert.Matches("stroke-dasharray=\"none\"[^>]*data-series=\"ok p99\"", dom);
        }
        finally
        {
            using (var kill = Process.Start("kill", ["-TERM", cli.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await cli.WaitForExitAsync(timeout.Token);
        }

        Assert.True(cli.ExitCode == LoadJob.Interrupted, await error);
        using var after = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await Assert.ThrowsAsync<HttpRequestException>(() => after.GetAsync(url));
    }

    [Fact]
    public async Task A_raw_engine_url_run_serves_the_dashboard_and_exits_by_itself()
    {
        await using var target = await StartTargetAsync();
        using var cli = StadiumCli.Start("load", "url", target.Urls.Single() + "/ok", "--duration", "3s", "--rate", "50", "-c", "4", "--dashboard", "0", "--quiet");
        var error = cli.StandardError.ReadToEndAsync();
        var url = await DashboardUrlAsync(cli);
        using var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(10) };

        var finished = false;
        var seconds = new List<JsonElement>();
        while (!finished)
        {
            using var snapshot = JsonDocument.Parse(await client.GetStringAsync($"api/snapshot?since={seconds.Count}"));
            seconds.AddRange(snapshot.RootElement.GetProperty("seconds").EnumerateArray().Select(s => s.Clone()));
            finished = snapshot.RootElement.GetProperty("finished").GetBoolean();
            await Task.Delay(250);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await cli.WaitForExitAsync(timeout.Token);
        Assert.True(cli.ExitCode == 0, await error);
        Assert.True(seconds.Count >= 3, $"{seconds.Count} seconds seen");
        Assert.Equal(Enumerable.Range(1, seconds.Count), seconds.Select(s => s.GetProperty("second").GetInt32()));

        // 150 arrivals over 3 s; on a busy machine a second may run late, so the whole run is counted, not each second.
        Assert.InRange(seconds.Sum(s => s.GetProperty("requests").GetInt64()), 140, 151);
        Assert.All(seconds, s => Assert.Equal("url", s.GetProperty("phase").GetString()));
    }

    private static async Task<WebApplication> StartTargetAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/ok", () => Results.Text("ok"));
        app.MapGet("/busy", (HttpResponse response) =>
        {
            response.Headers.RetryAfter = "1";
            return Results.StatusCode(503);
        });
        await app.StartAsync();
        return app;
    }

    private static async Task<Uri> DashboardUrlAsync(Process cli)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await cli.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (DashboardLine().Match(line) is { Success: true } found)
            {
                _ = cli.StandardOutput.ReadToEndAsync(CancellationToken.None);
                return new Uri(found.Groups[1].Value);
            }
        }

        throw new InvalidOperationException("The CLI ended without printing the dashboard's address.");
    }

    /// <summary>Waits (real time) until the run is in its second phase and a second of it has closed with sheds counted.</summary>
    private static async Task WaitForBurstAsync(HttpClient client)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            using var snapshot = JsonDocument.Parse(await client.GetStringAsync("api/snapshot?since=0"));
            var seconds = snapshot.RootElement.GetProperty("seconds").EnumerateArray().ToArray();
            if (seconds.Any(s => s.GetProperty("phase").GetString() == "burst" && s.GetProperty("requestsPerSecond").GetDouble() > 0)
                && seconds.Sum(s => s.GetProperty("shedPerSecond").GetDouble()) > 0)
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The dashboard never showed a second of the burst phase with sheds.");
    }

    /// <summary>Chromium loads the page, runs its script (virtual time: its fetches complete, its timers fire) and prints the DOM.</summary>
    private async Task<string> DumpDomAsync(Uri url)
    {
        var start = new ProcessStartInfo("chromium")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", $"--user-data-dir={Path.Combine(Folder, "chromium")}",
            "--virtual-time-budget=1500", "--dump-dom", url.ToString(),
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var chromium = Process.Start(start) ?? throw new InvalidOperationException("chromium did not start");
        var dom = chromium.StandardOutput.ReadToEndAsync();
        var log = chromium.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await chromium.WaitForExitAsync(timeout.Token);
        Assert.True(chromium.ExitCode == 0, await log);
        return await dom;
    }

    [GeneratedRegex(@"Live dashboard: (http://127\.0\.0\.1:[0-9]+/)")]
    private static partial Regex DashboardLine();
}
