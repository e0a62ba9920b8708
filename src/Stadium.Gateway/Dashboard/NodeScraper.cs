using Microsoft.Extensions.Options;
using Stadium.Protection.Scraping;

namespace Stadium.Gateway.Dashboard;

/// <summary>
/// Reads a node's /metrics and /health/ready, each under the scrape timeout. A node that does not answer is a reading
/// without a scrape and not ready: the page shows it as down, never as idle.
/// </summary>
internal sealed class NodeScraper(IHttpClientFactory clients, IOptions<FleetDashboardOptions> options, TimeProvider time)
{
    public const string ClientName = "Stadium.Gateway.Dashboard";

    public async Task<NodeReading> ReadAsync(FleetMember member, CancellationToken ct)
    {
        var scrape = ScrapeAsync(member.Url, ct);
        var ready = ReadyAsync(member.Url, ct);
        return new NodeReading(member, await scrape.ConfigureAwait(false), await ready.ConfigureAwait(false));
    }

    /// <summary>The process's /metrics, or null when it does not answer 200 in time.</summary>
    public async Task<MetricsScrape?> ScrapeAsync(Uri node, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.ScrapeTimeout);
        try
        {
            using var client = clients.CreateClient(ClientName);
            using var answer = await client.GetAsync(new Uri(node, "/metrics"), timeout.Token).ConfigureAwait(false);
            if (!answer.IsSuccessStatusCode)
            {
                return null;
            }

            var text = await answer.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            return MetricsScrape.Parse(text, time.GetUtcNow());
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    private async Task<bool> ReadyAsync(Uri node, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.ScrapeTimeout);
        try
        {
            using var client = clients.CreateClient(ClientName);
            using var answer = await client.GetAsync(new Uri(node, "/health/ready"), timeout.Token).ConfigureAwait(false);
            return answer.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
