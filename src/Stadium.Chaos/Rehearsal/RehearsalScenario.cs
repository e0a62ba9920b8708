using System.Globalization;
using System.Text;

namespace Stadium.Chaos.Rehearsal;

/// <summary>
/// The rehearsal's load as a lab scenario (docs/scenarios.md): one open phase per stretch of the plan, each with its
/// arrival rate and journey mix. Written beside the results, so `stadium load run` can replay the same traffic.
/// </summary>
internal static class RehearsalScenario
{
    /// <summary>Longest a request may take before it counts as failed: a fault's stall shows as failures, not as a hung run.</summary>
    private const string RequestTimeout = "5s";

    /// <summary>
    /// How long a phase's last iterations may run on into the next one's time: short, so a stalled dependency does not
    /// push the later phases back by much (what is still running then is counted as interrupted, writes as indeterminate).
    /// </summary>
    private const string GracefulStop = "2s";

    public static string Yaml(RehearsalPlan plan)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"# stadium rehearse --mau {plan.Mau} --duration {Millis(plan.Duration)} --scale {plan.Scale:0.####}: the MAU's traffic divided by {plan.Scale:0.####}"));
        text.AppendLine(Invariant($"name: rehearsal-{plan.Mau}"));
        text.AppendLine(Invariant($"population: {plan.Population}"));
        text.AppendLine("password: stadium-demo-password");
        text.AppendLine("connections: 64");
        text.AppendLine(Invariant($"requestTimeout: {RequestTimeout}"));
        text.AppendLine("phases:");
        foreach (var phase in plan.Phases)
        {
            // A scenario's weights are above 0: an action this phase never picks (no logins in the profile) is left out.
            var mix = string.Join(", ", plan.MixFor(phase).Where(w => Math.Round(w.Value, 6) > 0).Select(w => Invariant($"{w.Key}: {w.Value:0.######}")));
            text.AppendLine(Invariant($"  - name: {phase.Name}"));
            text.AppendLine("    executor: constant-arrival-rate");
            text.AppendLine(Invariant($"    rate: {phase.Arrivals:0.######}"));
            text.AppendLine(Invariant($"    duration: {Millis(phase.Duration)}"));
            text.AppendLine(Invariant($"    gracefulStop: {GracefulStop}"));
            text.AppendLine($"    journey: {{ {mix} }}");
        }

        return text.ToString();
    }

    private static string Millis(TimeSpan duration) => Invariant($"{Math.Round(duration.TotalMilliseconds):0}ms");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
