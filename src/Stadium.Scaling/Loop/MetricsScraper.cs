using Stadium.Protection.Scraping;

namespace Stadium.Scaling.Loop;

/// <summary>
/// Reads processes' /metrics and keeps, per URL, the scrapes of the last window or so, so a signal can take a counter's
/// increase between now and about one window ago. A process that does not answer within the timeout has no scrape this
/// round (its metrics are missing, which the HPA rules handle), and its history is kept for when it answers again.
/// </summary>
internal sealed class MetricsScraper(HttpClient http, TimeProvider clock, TimeSpan window)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    private readonly Dictionary<string, List<MetricsScrape>> _history = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>The latest scrape of <paramref name="url"/> and the one about a window before it, or null when it did not answer.</summary>
    public async Task<Signals.ScrapePair?> ScrapeAsync(string url, CancellationToken ct)
    {
        MetricsScrape scrape;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(Timeout);
            var text = await http.GetStringAsync(new Uri(new Uri(url), "/metrics"), timeout.Token);
            scrape = MetricsScrape.Parse(text, clock.GetUtcNow());
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return null;
        }

        lock (_lock)
        {
            var history = _history.TryGetValue(url, out var list) ? list : _history[url] = [];
            var before = history.LastOrDefault(s => s.At <= scrape.At - window) ?? history.FirstOrDefault();
            history.Add(scrape);
            // Keep what a later round may still need as its start: scrapes younger than two windows.
            history.RemoveAll(s => s.At < scrape.At - (2 * window) && s != before);
            return new Signals.ScrapePair(scrape, before);
        }
    }
}
