using System.CommandLine;
using Stadium.Lab.Export;
using Stadium.Lab.Scenarios;
using Stadium.Protection.Slo;

namespace Stadium.Commands;

/// <summary>
/// `stadium load export SCENARIO --format k6|locust --out FILE`: the scenario as another tool's script, so a team can
/// compare tools on the same model. Exit 0 = written, 2 = bad input (the scenario `load run` would refuse, an unknown
/// format, a file that cannot be written).
/// </summary>
internal static class LoadExportCommand
{
    public static Command Create()
    {
        var scenario = new Argument<string>("SCENARIO") { Description = "Scenario file (YAML or JSON), as `stadium load run` takes it." };
        var format = new Option<string>("--format", "-f") { Description = $"The tool: {string.Join(" or ", ScenarioExport.Formats)}.", Required = true };

        // Not AcceptOnlyFromAmong: an unknown format is the registry's one line (with "did you mean"), exit code 2.
        format.CompletionSources.Add([.. ScenarioExport.Formats]);
        var output = CommonOptions.FilePath(new Option<string>("--out", "-o") { Description = "Write the script here (a k6 script is JavaScript, a locustfile Python).", Required = true });
        var slo = CommonOptions.Slo("its latency objectives and error budgets become the script's thresholds for the endpoints the scenario calls");
        var command = new Command("export", "Write a k6 script or a locustfile that drives the scenario's journeys, mix and phases.") { scenario, format, output, slo };
        command.SetAction(async (result, ct) =>
        {
            var path = result.GetValue(scenario)!;
            var outPath = result.GetValue(output)!;
            try
            {
                var file = await ScenarioLoader.LoadAsync(path, ct);
                var objectives = result.GetValue(slo) is { } sloPath ? SloFileParser.Load(sloPath) : null;
                var script = ScenarioExport.Write(file, Path.GetFileName(path), result.GetValue(format)!, objectives, Path.GetFileName(outPath));
                await ScenarioExport.SaveAsync(script, outPath, ct);
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
            {
                throw new UsageException(e.Message);
            }

            Console.WriteLine($"Wrote {outPath}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
