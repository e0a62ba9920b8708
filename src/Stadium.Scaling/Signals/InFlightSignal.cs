using System.Globalization;
using Stadium.Scaling.Config;
using Stadium.Scaling.Hpa;

namespace Stadium.Scaling.Signals;

/// <summary>
/// Requests in flight at the gateway (stadium_gateway_in_flight, summed over its nodes), against a number per ready
/// node: the request queue depth of the seed's list, read where requests wait before a node answers them.
/// With `perCore: true` the target is per core of a node's CPU limit: the total is read in core-units (divided by the
/// cores of one node), so the HPA's unchanged AverageValue rule gives desired = ceil(total / (target x cores per node)),
/// and a node of 128 cores is allowed 256 times what a node of half a core is.
/// With `mean: true` the total is the mean over the window instead of the latest sample: by Little's law the seconds
/// the gateway's answered requests took (the increase of stadium_gateway_request_duration_seconds_sum) divided by the
/// window's seconds. The latest sample is one instant: a stall of a few hundred milliseconds (a process starting beside
/// the fleet, a collection) showed 27 in flight on a quarter-core node holding under 2 on average, and asked for three
/// nodes.
/// Without a window yet, the latest sample stands in.
/// </summary>
internal sealed class InFlightSignal : ISignal
{
    private const string DurationSum = "stadium_gateway_request_duration_seconds_sum";

    public string Name => "inFlight";

    public MetricTargetType TargetType => MetricTargetType.AverageValue;

    public string Unit => "requests in flight per ready node (with perCore: true, per core of its CPU limit)";

    public IReadOnlyList<string> Options => ["perCore", "mean"];

    public MetricReading? Read(SignalContext context, MetricSpec spec)
    {
        if (context.Gateway is not { } gateway)
        {
            return null;
        }

        var total = gateway.Now.Sum("stadium_gateway_in_flight");
        var what = "in flight";
        if (spec.Mean && gateway.Increase(DurationSum) is { } busySeconds)
        {
            total = busySeconds / gateway.Seconds;
            what = string.Create(CultureInfo.InvariantCulture, $"in flight on average over {gateway.Seconds:0.#} s");
        }

        if (!spec.PerCore)
        {
            return MetricReading.OfTarget(total, string.Create(CultureInfo.InvariantCulture, $"{total:0.##} {what}"));
        }

        var cores = context.Limits.CpuCores;
        var source = context.Limits.CpuKnown ? "CPU limit" : "no CPU limit known: the machine's processor count";
        return MetricReading.OfTarget(total / cores, string.Create(CultureInfo.InvariantCulture,
            $"{total:0.##} {what} / {cores:0.###} cores per node ({source}) = {total / cores:0.##} core-units"));
    }
}
