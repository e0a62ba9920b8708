using Stadium.Protection.Scraping;

namespace Stadium.Gateway.Dashboard;

/// <summary>One endpoint's requests summed over the nodes within one snapshot, and the latency buckets to merge.</summary>
internal sealed class EndpointTally(string name)
{
    private readonly List<(double UpperBound, double Count)> _buckets = [];

    public string Name { get; } = name;

    public double PerSecond { get; private set; }

    public double Errors { get; private set; }

    public double Shed { get; private set; }

    public double RateLimited { get; private set; }

    public IEnumerable<(double UpperBound, double Count)> Buckets => _buckets;

    /// <summary>Adds one node's answers of one status code, per second, and their duration buckets.</summary>
    public void Add(int code, double perSecond, HistogramBuckets durations)
    {
        PerSecond += perSecond;
        if (code == 503)
        {
            Shed += perSecond;
        }
        else if (code == 429)
        {
            RateLimited += perSecond;
        }
        else if (code >= 500)
        {
            Errors += perSecond;
        }

        _buckets.AddRange(durations.Buckets);
    }

    public EndpointSecond ToSecond()
    {
        var latency = new HistogramBuckets(_buckets);
        return new EndpointSecond(Name, PerSecond, Errors, Shed, RateLimited, Ms(latency, 0.50), Ms(latency, 0.95), Ms(latency, 0.99));
    }

    /// <summary>A quantile of request durations in milliseconds, null when there were none.</summary>
    public static double? Ms(HistogramBuckets seconds, double q) => seconds.Quantile(q) is var v && double.IsFinite(v) ? v * 1000 : null;
}
