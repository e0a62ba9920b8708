using System.Globalization;

namespace Stadium.Lab.Export;

/// <summary>The opening lines every exported script shares: where it comes from, how to run it, what it needs.</summary>
internal static class ScriptHeader
{
    /// <param name="tool">"k6 script" or "locustfile".</param>
    /// <param name="run">The command that runs the script.</param>
    /// <param name="notCarried">What the tool cannot express as the lab does, one line each.</param>
    public static List<string> Lines(ExportPlan plan, string tool, string run, IEnumerable<string> notCarried)
    {
        var load = plan.Load;
        var lines = new List<string>
        {
            $"A {tool} written by `stadium load export {plan.Source}` from the scenario \"{load.Name}\".",
            $"It drives the same {(load.IsJourney ? "journeys, mix" : "requests, weights")} and phases as `stadium load run {plan.Source}`; edit the scenario and export again rather than this file.",
            $"Run it: {run}",
        };
        if (load.IsJourney)
        {
            lines.Add($"It signs in as the seeded accounts user1..user{load.Population.ToString(CultureInfo.InvariantCulture)} with the scenario's password: seed them first "
                + $"(`stadium up --users {load.Population.ToString(CultureInfo.InvariantCulture)}`, or `stadium seed`).");
        }

        lines.Add("");
        lines.Add("Does not carry over from the lab:");
        lines.AddRange(notCarried.Select(note => "- " + note));
        lines.Add("- The lab's results.json, HTML report and live dashboard: the tool reports in its own way.");
        return lines;
    }
}
