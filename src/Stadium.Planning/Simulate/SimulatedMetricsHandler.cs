using System.Net;

namespace Stadium.Planning.Simulate;

/// <summary>
/// The HTTP under the autoscaler's <c>MetricsScraper</c> in a simulation: GET http://HOST/metrics answers with the
/// simulated process named by HOST (the gateway or a node) as Prometheus text, or 404 when no such process runs (a node
/// that has ended), which the scraper treats as a missing scrape, as it does live.
/// </summary>
internal sealed class SimulatedMetricsHandler(Func<string, string?> render) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var text = request.RequestUri is { AbsolutePath: "/metrics" } uri ? render(uri.Host) : null;
        var response = text is null
            ? new HttpResponseMessage(HttpStatusCode.NotFound) { RequestMessage = request }
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(text), RequestMessage = request };
        return Task.FromResult(response);
    }
}
