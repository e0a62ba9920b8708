using System.Globalization;
using Stadium.Scaling.Config;
using Stadium.Scaling.Hpa;

namespace Stadium.Scaling.Signals;

/// <summary>
/// The share of the gateway's answers over the window that were server errors (5xx in stadium_gateway_requests_total),
/// in percent: overloaded nodes shed with 503s and time out with 504s before their latency says anything.
/// </summary>
internal sealed class ErrorRateSignal : ISignal
{
    private const string Requests = "stadium_gateway_requests_total";

    public string Name => "errorRate";

    public MetricTargetType TargetType => MetricTargetType.Value;

    public string Unit => "% of requests answered 5xx";

    public IReadOnlyList<string> Options => ["busyCpu"];

    public MetricReading? Read(SignalContext context, MetricSpec spec)
    {
        if (context.Gateway is not { } gateway || gateway.Increase(Requests) is not { } total
            || gateway.Increase(Requests, s => s.Label("code") is ['5', ..]) is not { } errors)
        {
            return null;
        }

        return total <= 0
            ? MetricReading.OfTarget(0, "no requests in the window")
            : BusyGate.Apply(MetricReading.OfTarget(100 * errors / total, string.Create(CultureInfo.InvariantCulture, $"{errors:0} of {total:0} requests")), context, spec);
    }
}
