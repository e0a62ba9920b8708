using System.Globalization;

namespace Stadium.Planning.Simulate;

/// <summary>
/// The console report: what was simulated and how the fleet was sized, one row per policy, and a last line that
/// summarises each policy's SLO-violation minutes and instance-hours (the verb prints it last: the line scripts read).
/// </summary>
internal static class SimulationTable
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Write(SimulationResults results, TextWriter output)
    {
        var setup = results.Setup;
        var mau = setup.Mau is { } m ? string.Create(Invariant, $"{m:N0} MAU") : "total arrivals from the file";
        output.WriteLine(string.Create(Invariant,
            $"stadium simulate: {setup.Trace.Name} trace, {mau}, {setup.Trace.Seconds:N0} s in 1 s ticks, seed {setup.Seed}, SLO slots of {setup.SlotSeconds} s"));
        foreach (var note in setup.Notes)
        {
            output.WriteLine($"  {note}");
        }

        output.WriteLine();
        string[] headers = ["policy", "SLO-violation min", "violating s", "shed %", "instance-hours", "node-seconds", "scale out / in", "max nodes", "bounds"];
        var rows = results.Outcomes.Select(o => new[]
        {
            o.Policy,
            Number(o.SloViolationMinutes, "0.##"),
            Number(o.SloViolationSeconds, "N0"),
            Number(o.ShedPercent, "0.###"),
            Number(o.InstanceHours, "N1"),
            Number(o.NodeSeconds, "N0"),
            string.Create(Invariant, $"{o.ScaleOuts} / {o.ScaleIns}"),
            Number(o.MaxNodes, "N0"),
            string.Create(Invariant, $"{o.MinReplicas}-{o.MaxReplicas}"),
        }).ToList();
        TextColumns.Write(headers, rows, output);

        foreach (var outcome in results.Outcomes.Where(o => o.FailedRounds > 0))
        {
            output.WriteLine(string.Create(Invariant, $"  {outcome.Policy}: {outcome.FailedRounds} autoscaler rounds made no decision"));
        }
    }

    /// <summary>"Summary: cpu 3 SLO-violation minutes, 512.3 instance-hours; stadium ...".</summary>
    public static string Summary(SimulationResults results) =>
        "Summary: " + string.Join("; ", results.Outcomes.Select(o => string.Create(Invariant,
            $"{o.Policy} {o.SloViolationMinutes:0.##} SLO-violation minutes, {o.InstanceHours:0.#} instance-hours, shed {o.ShedPercent:0.###} %, {o.ScaleOuts} out / {o.ScaleIns} in, max {o.MaxNodes} nodes")));

    private static string Number(double value, string format) => value.ToString(format, Invariant);
}
