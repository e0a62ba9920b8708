using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Stadium.Gateway.Tests.Dashboard;

/// <summary>
/// The page in a real browser: headless Chromium (Debian's `chromium` through its WebDriver, installed by test.sh) opens
/// /dashboard on the dashboard's host while real traffic flows to a real node; its script takes the kept history and
/// then live snapshots from the event stream. The DOM is read twice, snapshots apart: the charts must have grown. The
/// page records any script error or unhandled rejection in #page-errors, and the browser's console log must hold no
/// error (SEVERE) entry.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed partial class DashboardBrowserTests : DashboardTest
{
    [Fact]
    public async Task The_page_loads_without_console_errors_and_its_charts_grow_as_traffic_flows()
    {
        Host.SendTraffic(Node.Address);
        await Host.DecideAsync(1, 2, "p99");
        using var client = new HttpClient { BaseAddress = Host.Url, Timeout = TimeSpan.FromSeconds(10) };
        await FleetDashboardTests.WaitForSnapshotsAsync(client, minimum: 3, traffic: true);

        await using var browser = await HeadlessChromium.StartAsync(Path.Combine(Folder, "chromium"));
        await browser.OpenAsync(new Uri(Host.Url, "dashboard"));
        var first = await DomWhenAsync(browser, dom => Points(dom) >= 3, () => Host.Traffic);
        var second = await DomWhenAsync(browser, dom => Points(dom) >= Points(first) + 2 && Rate(dom) > 0, () => Host.Traffic);
        var console = await browser.ConsoleAsync();

        Assert.DoesNotContain(console, line => line.StartsWith("SEVERE", StringComparison.Ordinal));
        foreach (var dom in new[] { first, second })
        {
            Assert.Contains("<pre id=\"page-errors\"></pre>", dom, StringComparison.Ordinal);
            Assert.Matches("id=\"status\"[^>]*>live<", dom);
        }

        Assert.Contains("<tr data-key=\"GET /v1/users/{username}\">", second, StringComparison.Ordinal);
        Assert.Matches("<tr data-key=\"api-1\"[^>]*><td>api-1</td><td>api</td><td>active</td><td>yes</td>", second);
        Assert.Matches("<div class=\"chart\" data-endpoint=\"GET /v1/users/\\{username\\}\">", second);
        Assert.Matches("data-series=\"p99\" data-points=\"[0-9]+\"", second);
        Assert.Matches("<line class=\"decision\" data-target=\"api\"", second);
        Assert.Matches("<tr data-key=\"primary\" class=\"closed\"><td>primary</td><td>closed</td>", second);
    }

    /// <summary>How many points the page's throughput line has.</summary>
    private static int Points(string dom) =>
        ThroughputPoints().Match(dom) is { Success: true } found ? int.Parse(found.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;

    /// <summary>The requests/s figure the page shows (0 when it shows none).</summary>
    private static double Rate(string dom) =>
        Figure().Match(dom) is { Success: true } found
            ? double.Parse(found.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture)
            : 0;

    /// <summary>Reads the live DOM (real time) until it satisfies <paramref name="done"/>.</summary>
    private static async Task<string> DomWhenAsync(HeadlessChromium browser, Func<string, bool> done, Func<string> traffic)
    {
        var clock = Stopwatch.StartNew();
        var dom = await browser.DomAsync();
        while (!done(dom))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"{traffic()}\n{dom}");
            await Task.Delay(250);
            dom = await browser.DomAsync();
        }

        return dom;
    }

    [GeneratedRegex("data-series=\"requests/s \\(nodes\\)\" data-points=\"([0-9]+)\"")]
    private static partial Regex ThroughputPoints();

    [GeneratedRegex("<b id=\"rate\">([0-9.,]+)</b>")]
    private static partial Regex Figure();

}
