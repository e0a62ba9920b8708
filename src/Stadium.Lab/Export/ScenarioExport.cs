using System.Text;
using Stadium.Lab.Reports;
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
    /// <param name="scriptName">The file the script goes to, named in its header's command line.</param>
    /// <exception cref="FormatException">An unknown format, or a scenario `stadium load run` would refuse; the message says why.</exception>
    public static string Write(ScenarioFile file, string source, string format, SloObjectives? slo, string? scriptName = null)
    {
        var writer = ScriptFormats.Registry.Get(format);
        var plan = ExportPlanner.Plan(file, source, slo);
        return writer.Write(scriptName is null ? plan : plan with { ScriptName = scriptName });
    }

    /// <summary>Writes the script to `--out`'s path (UTF-8 without a byte order mark), creating its folder.</summary>
    /// <exception cref="FormatException">The path is a folder.</exception>
    /// <exception cref="IOException">The folder cannot be created or the file written.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be written.</exception>
    public static Task SaveAsync(string script, string path, CancellationToken ct)
    {
        OutputPaths.Prepare(path, "--out");
        return File.WriteAllTextAsync(path, script, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), ct);
    }
}
