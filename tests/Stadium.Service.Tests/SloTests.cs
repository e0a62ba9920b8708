using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Stadium.Protection.Slo;

namespace Stadium.Service.Tests;

/// <summary>The node's SLO file against the routes it maps, and the SLO metrics it exports.</summary>
[Collection(ExactMetricsCollection.Name)] // Reads /metrics, whose streams a parallel class's stopping node can take away (see PlatformTests).
public sealed class SloTests : IAsyncLifetime
{
    private readonly StadiumNode _node = new();

    public Task InitializeAsync() => _node.InitializeAsync();

    public Task DisposeAsync() => _node.DisposeAsync();

    [Fact]
    public void Slo_yaml_lists_exactly_the_routes_the_api_maps()
    {
        var mapped = _node.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} /{string.Join('/', e.RoutePattern.RawText!.Split('/', StringSplitOptions.RemoveEmptyEntries))}"))
            .ToHashSet(StringComparer.Ordinal);
        var objectives = _node.App.Services.GetRequiredService<SloObjectives>();

        Assert.Equal(SloFileParser.BuiltInSource, objectives.Source);
        Assert.Equal(mapped.Order(StringComparer.Ordinal), objectives.Endpoints.Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Requests_count_as_slo_events_and_burn_rates_are_exported_per_endpoint_and_window()
    {
        using var user = await _node.NewUserAsync();
        for (var i = 0; i < 3; i++)
        {
            (await user.Client.GetAsync("/v1/feed")).EnsureSuccessStatusCode();
        }

        using var client = _node.CreateClient();
        var text = "";
        // Events are counted when an answer completes, which may be just after the client has it: wait for all three.
        for (var attempt = 0; attempt < 50 && SeriesValue(text.Split('\n'), "stadium_protection_slo_good_events_total{", "GET /v1/feed") < 3; attempt++)
        {
            await Task.Delay(100);
            text = await client.GetStringAsync("/metrics");
        }

        var lines = text.Split('\n');
        // The node's clock stands still here, so every answer is within its latency objective: good. Meters are
        // process-wide, so test nodes running at the same time add their own feed reads: at least this test's three.
        Assert.True(SeriesValue(lines, "stadium_protection_slo_events_total{", "GET /v1/feed") >= 3, text);
        Assert.True(SeriesValue(lines, "stadium_protection_slo_good_events_total{", "GET /v1/feed") >= 3, text);
        foreach (var window in new[] { "5m", "30m", "1h", "6h" })
        {
            Assert.Contains(lines, l => l.StartsWith("stadium_protection_slo_burn_rate{", StringComparison.Ordinal)
                && l.Contains("endpoint=\"GET /v1/feed\"", StringComparison.Ordinal) && l.Contains($"window=\"{window}\"", StringComparison.Ordinal)
                && double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture) >= 0);
        }
    }

    private static double SeriesValue(string[] lines, string prefix, string endpoint) =>
        lines.Where(l => l.StartsWith(prefix, StringComparison.Ordinal) && l.Contains($"endpoint=\"{endpoint}\"", StringComparison.Ordinal))
            .Select(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0)
            .Max();
}
