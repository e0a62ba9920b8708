using System.Diagnostics.Metrics;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Stadium.Data.Requests;

namespace Stadium.Service.Platform;

/// <summary>The Stadium meter: per-route payload sizes, downstream calls per request, cache hits.</summary>
internal sealed class StadiumMetrics : IDisposable
{
    public const string MeterName = "Stadium";

    private readonly Meter _meter;
    private readonly DataRequestAccessor _requests;
    private readonly Histogram<long> _requestBytes;
    private readonly Histogram<long> _responseBytes;
    private readonly Histogram<int> _downstream;
    private readonly Counter<long> _cache;

    public StadiumMetrics(IMeterFactory meters, DataRequestAccessor requests)
    {
        _requests = requests;
        _meter = meters.Create(MeterName);
        _requestBytes = _meter.CreateHistogram<long>("stadium.http.request.body.size", "By", "Request body bytes per request.",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [0, 64, 256, 1024, 4096, 16384, 65536] });
        _responseBytes = _meter.CreateHistogram<long>("stadium.http.response.body.size", "By", "Response body bytes per request.",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [0, 64, 256, 1024, 4096, 16384, 65536, 262144] });
        _downstream = _meter.CreateHistogram<int>("stadium.downstream.calls", "{call}", "Store and cache calls made by one request.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [0, 1, 2, 3, 5, 10, 20, 50, 100] });
        _cache = _meter.CreateCounter<long>("stadium.cache.requests", "{request}", "Cache lookups by cache, result and the route that made them.");
    }

    /// <summary>Route tag for cache lookups made outside any request (background jobs, warm-up).</summary>
    public const string NoRoute = "none";

    public void RecordRequest(string method, string route, long requestBytes, long responseBytes, DataRequest calls)
    {
        var methodTag = new KeyValuePair<string, object?>("http.request.method", method);
        var routeTag = new KeyValuePair<string, object?>("http.route", route);
        _requestBytes.Record(requestBytes, methodTag, routeTag);
        _responseBytes.Record(responseBytes, methodTag, routeTag);
        _downstream.Record(calls.StoreCalls, methodTag, routeTag, new("kind", "store"));
        _downstream.Record(calls.CacheCalls, methodTag, routeTag, new("kind", "cache"));
    }

    public void CacheHit(string cache, int count = 1) => CacheResult(cache, hit: true, count);

    public void CacheMiss(string cache, int count = 1) => CacheResult(cache, hit: false, count);

    // Routing has chosen the endpoint before the metrics middleware runs, so the request's route is known here.
    private void CacheResult(string cache, bool hit, int count)
    {
        if (count <= 0)
        {
            return;
        }

        var calls = _requests.Current;
        _cache.Add(count, new("cache", cache), new("result", hit ? "hit" : "miss"),
            new("http.request.method", calls?.Method ?? NoRoute), new("http.route", calls?.Route ?? NoRoute));
    }

    public void Dispose() => _meter.Dispose();
}
