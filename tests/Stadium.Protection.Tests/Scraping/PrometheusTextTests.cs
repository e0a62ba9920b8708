using Stadium.Protection.Scraping;

namespace Stadium.Protection.Tests.Scraping;

public sealed class PrometheusTextTests
{
    // The shape OpenTelemetry's Prometheus exporter writes on a node's /metrics.
    private const string Exposition = """
        # TYPE http_server_request_duration_seconds histogram
        # HELP http_server_request_duration_seconds Duration of HTTP server requests.
        http_server_request_duration_seconds_bucket{http_route="/v1/feed",http_response_status_code="200",le="0.005"} 60 1700000000000
        http_server_request_duration_seconds_bucket{http_route="/v1/feed",http_response_status_code="200",le="0.01"} 90
        http_server_request_duration_seconds_bucket{http_route="/v1/feed",http_response_status_code="200",le="+Inf"} 100
        http_server_request_duration_seconds_bucket{http_route="/v1/feed",http_response_status_code="503",le="0.005"} 10
        http_server_request_duration_seconds_bucket{http_route="/v1/feed",http_response_status_code="503",le="0.01"} 10
        http_server_request_duration_seconds_bucket{http_route="/v1/feed",http_response_status_code="503",le="+Inf"} 10
        http_server_request_duration_seconds_count{http_route="/v1/feed",http_response_status_code="200"} 100
        stadium_jobs_depth{queue="exports",note="a \"quoted\", comma"} 7
        dotnet_process_memory_working_set_bytes 1.5e+08
        not a metric line at all {
        stadium_memory_pressure NaN
        """;

    [Fact]
    public void Parses_names_labels_escapes_values_and_skips_comments_and_garbage()
    {
        var samples = PrometheusText.Parse(Exposition);

        Assert.Equal(10, samples.Count);
        var depth = Assert.Single(samples, s => s.Name == "stadium_jobs_depth");
        Assert.Equal("exports", depth.Label("queue"));
        Assert.Equal("a \"quoted\", comma", depth.Label("note"));
        Assert.Equal(7, depth.Value);
        Assert.Equal(150_000_000, Assert.Single(samples, s => s.Name == "dotnet_process_memory_working_set_bytes").Value);
        Assert.True(double.IsNaN(Assert.Single(samples, s => s.Name == "stadium_memory_pressure").Value));
        Assert.Null(depth.Label("missing"));
    }

    [Fact]
    public void Sums_histograms_over_selected_series_and_estimates_quantiles_as_prometheus_does()
    {
        var scrape = MetricsScrape.Parse(Exposition, DateTimeOffset.UnixEpoch);

        var all = scrape.Histogram("http_server_request_duration_seconds");
        Assert.Equal(110, all.Count);
        // Rank 55 of 110 falls in the first bucket (70 observations at or below 5 ms): 0 + 5 ms x 55/70.
        Assert.Equal(0.005 * 55 / 70, all.Quantile(0.5), 9);

        var ok = scrape.Histogram("http_server_request_duration_seconds", s => s.Label("http_response_status_code") == "200");
        Assert.Equal(100, ok.Count);
        // Rank 80 falls between 60 (<= 5 ms) and 90 (<= 10 ms): 5 ms + 5 ms x 20/30.
        Assert.Equal(0.005 + (0.005 * 20 / 30), ok.Quantile(0.8), 9);
        // Rank 99 falls in +Inf: the last finite bound.
        Assert.Equal(0.01, ok.Quantile(0.99), 9);
        Assert.True(double.IsNaN(scrape.Histogram("absent").Quantile(0.99)));
    }

    [Fact]
    public void A_histogram_since_an_earlier_scrape_holds_only_the_new_observations_unless_the_process_restarted()
    {
        var earlier = new HistogramBuckets([(0.005, 50), (0.01, 50), (double.PositiveInfinity, 50)]);
        var later = new HistogramBuckets([(0.005, 50), (0.01, 60), (double.PositiveInfinity, 70)]);

        var delta = later.Since(earlier);
        Assert.Equal(20, delta.Count);
        Assert.Equal(0.01, delta.Quantile(0.5), 9);

        var restarted = new HistogramBuckets([(0.005, 3), (0.01, 3), (double.PositiveInfinity, 3)]);
        Assert.Equal(3, restarted.Since(earlier).Count);
    }

    [Fact]
    public void Sums_values_and_lists_label_values()
    {
        var scrape = MetricsScrape.Parse(Exposition, DateTimeOffset.UnixEpoch);

        Assert.Equal(100, scrape.Sum("http_server_request_duration_seconds_count"));
        Assert.Equal(7, scrape.Value("stadium_jobs_depth"));
        Assert.Null(scrape.Value("absent"));
        Assert.Equal(["200", "503"], scrape.LabelValues("http_server_request_duration_seconds_bucket", "http_response_status_code"));
    }
}
