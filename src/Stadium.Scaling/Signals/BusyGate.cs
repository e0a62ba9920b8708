using System.Globalization;
using Stadium.Scaling.Config;
using Stadium.Scaling.Hpa;

namespace Stadium.Scaling.Signals;

/// <summary>
/// `busyCpu` on a fleet symptom (latency, error rate): more nodes help only when the nodes are what is slow. While the
/// members' mean CPU over the window is under <see cref="MetricSpec.BusyCpu"/> % of their limit, the slowness or the
/// errors come from somewhere a new node does not reach (the database, the cache, the gateway, the machine), so the
/// signal reads 0 and asks for nothing; the other signals decide, scale-in included. Measured on this machine: at the
/// scale-out bench's peak four quarter-core nodes sat at 41-50 % of their quota while the feed's p99 at the gateway
/// was 4 x its objective (Redis and the shared cores were the limit), and the latency signal held all four.
/// Without a CPU window yet (the first round) the reading stands.
/// </summary>
internal static class BusyGate
{
    public static MetricReading Apply(MetricReading reading, SignalContext context, MetricSpec spec)
    {
        if (spec.BusyCpu is not { } busy || reading.Total is not > 0
            || new CpuSignal().Read(context, spec)?.PerReplica is not { Count: > 0 } cpu)
        {
            return reading;
        }

        var mean = cpu.Values.Average();
        return mean >= busy
            ? reading
            : MetricReading.OfTarget(0, string.Create(CultureInfo.InvariantCulture,
                $"{reading.Detail} ({reading.Total:0.#}), but the nodes use {mean:0.#} % of their CPU limit, under busyCpu {busy:0.#} %: not a capacity problem"));
    }
}
