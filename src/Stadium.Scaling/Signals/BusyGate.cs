using System.Globalization;
using Stadium.Scaling.Config;
using Stadium.Scaling.Hpa;

namespace Stadium.Scaling.Signals;

/// <summary>
/// `busyCpu` on a fleet symptom (latency, error rate): more nodes help only when the nodes are what is slow. While the
/// members' mean CPU over the window is at least <see cref="MetricSpec.BusyCpu"/> % of their limit, the reading stands
/// and the HPA scales on it. Below, the slowness or the errors come from somewhere a new node does not reach (the
/// database, the cache, the gateway, the machine), and the signal asks only to keep the nodes under busyCpu: it reads
/// the CPU as a share of busyCpu (a Value target of 100 then proposes ceil(nodes x cpu / busyCpu), the HPA's CPU rule at
/// that target), so the fleet may shrink while its nodes are idle but not to where they would be busy again and the
/// symptom would count (reading 0 instead let a fleet of four at 49 % go to three at 61 % and straight back to four).
/// Measured on this machine: at the scale-out bench's peak four quarter-core nodes sat at 41-50 % of their quota while
/// the feed's p99 at the gateway was 4 x its objective (Redis and the shared cores were the limit).
/// Without a CPU window yet (the first round) the reading stands.
/// </summary>
internal static class BusyGate
{
    public static MetricReading Apply(MetricReading reading, SignalContext context, MetricSpec spec)
    {
        if (spec.BusyCpu is not { } busy || busy <= 0 || reading.Total is not > 0
            || new CpuSignal().Read(context, spec)?.PerReplica is not { Count: > 0 } cpu)
        {
            return reading;
        }

        var mean = cpu.Values.Average();
        if (mean >= busy)
        {
            return reading;
        }

        // In the signal's own units: the share of the target that keeps the nodes at busyCpu.
        var value = spec.Target.Value * mean / busy;
        return MetricReading.OfTarget(Math.Min(value, reading.Total.Value), string.Create(CultureInfo.InvariantCulture,
            $"{reading.Detail} ({reading.Total:0.#}), but the nodes use {mean:0.#} % of their CPU limit, under busyCpu {busy:0.#} %: not a capacity problem; kept only under busyCpu"));
    }
}
