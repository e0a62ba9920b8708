using Stadium.Lab.Scenarios;
using Stadium.Protection.Slo;

namespace Stadium.Lab.Export;

/// <summary>
/// `stadium load export`: a scenario as another tool's script (a k6 script, a locustfile) that drives the same journeys,
/// mix and phases, so a team can compare tools on the same model.
/// </summary>
public static class ScenarioExport
{
    /// <summary>The formats, as `--format` takes them.</summary>
    public static IReadOnlyList<string> Formats => ScriptFormats.Registry.Names;

    /// <param name="source">The scenario file's name, cited in the script's header.</param>
    /// <param name="slo">Objectives to add as the script's thresholds for the endpoints the scenario calls, or null.</param>
    /// <exception cref="FormatException">An unknown format, or a scenario `stadium load run` would refuse; the message says why.</exception>
    public static string Write(ScenarioFile file, string source, string format, SloObjectives? slo)
    {
        var writer = ScriptFormats.Registry.Get(format);
        return writer.Write(ExportPlanner.Plan(file, source, slo));
    }
}
