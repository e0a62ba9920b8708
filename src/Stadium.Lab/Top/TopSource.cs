using Stadium.Protection.Scraping;

namespace Stadium.Lab.Top;

/// <summary>Reads the target's /metrics. A target that does not answer, or answers other than 200, is an error naming it.</summary>
internal sealed class TopSource(Uri target, TimeProvider time) : IDisposable
{
    private readonly HttpClient _client = new() { BaseAddress = target, Timeout = TimeSpan.FromSeconds(10) };

    public Uri Target => target;

    /// <exception cref="TopTargetException">The target did not answer with its metrics.</exception>
    public async Task<MetricsScrape> ScrapeAsync(CancellationToken ct)
    {
        var metrics = new Uri(target, "/metrics");
        try
        {
            using var answer = await _client.GetAsync(metrics, ct).ConfigureAwait(false);
            if (!answer.IsSuccessStatusCode)
            {
                throw new TopTargetException($"{metrics} answered {(int)answer.StatusCode} {answer.ReasonPhrase}, not its metrics");
            }

            var scrape = MetricsScrape.Parse(await answer.Content.ReadAsStringAsync(ct).ConfigureAwait(false), time.GetUtcNow());
            // A Stadium node or gateway always exports some stadium_* series (its gauges exist from the start); a page
            // without any is not one, and an empty table would look like an idle target.
            return scrape.Samples.Any(s => s.Name.StartsWith("stadium_", StringComparison.Ordinal))
                ? scrape
                : throw new TopTargetException($"{metrics} answered, but with no Stadium metrics (no stadium_* series): is {target} a Stadium node or gateway?");
        }
        catch (HttpRequestException e)
        {
            throw new TopTargetException($"cannot read {metrics}: {e.Message.TrimEnd('.')}", e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new TopTargetException($"cannot read {metrics}: no answer within {_client.Timeout.TotalSeconds:0} s", e);
        }
    }

    public void Dispose() => _client.Dispose();
}
