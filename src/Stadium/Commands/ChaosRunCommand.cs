using System.CommandLine;
using Spectre.Console;
using Stadium.Chaos.Experiments;

namespace Stadium.Commands;

/// <summary>
/// `stadium chaos run EXPERIMENT.yaml`: an experiment in Chaos Toolkit's shape with the lab's load throughout and a
/// verdict on data as well as availability (docs/chaos.md). Exit 0 = passed, 1 = not passed, 2 = bad input (the file,
/// the scenario, a fault that cannot run here), 130 = interrupted (rollbacks run and results are written all the same).
/// </summary>
internal static class ChaosRunCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("EXPERIMENT") { Description = "The experiment file (YAML): steady-state-hypothesis, method, load, rollbacks, gates." };
        var target = new Option<string?>("--target") { Description = "Run against this service (a loopback URL) instead of starting `up --cluster --chaos` for the run.", HelpName = "URL" };
        var data = new Option<string?>("--data") { Description = "With --target: the cluster's data folder, for process faults (kill api-2) and the jobs check.", HelpName = "DIR" };
        var output = CommonOptions.FilePath(new Option<string>("--out") { Description = "Where to write results.json.", DefaultValueFactory = _ => "results.json", HelpName = "FILE" });
        var report = CommonOptions.FilePath(new Option<string?>("--report") { Description = "Also write the lab's HTML report, faults shaded on its charts.", HelpName = "FILE" });
        var command = new Command("run", "Run a chaos experiment: hypothesis before, faults under load, hypothesis during and after, writes and jobs checked, rollbacks always.")
        {
            file, target, data, output, report,
        };
        command.SetAction(async (result, ct) =>
        {
            // Redirected output (CI logs) would otherwise wrap the tables at 80 columns.
            if (Console.IsOutputRedirected)
            {
                AnsiConsole.Profile.Width = 160;
            }

            Uri? url = null;
            if (result.GetValue(target) is { } text && !(Uri.TryCreate(text, UriKind.Absolute, out url) && url.Scheme is "http" or "https"))
            {
                throw new UsageException($"--target: '{text}' is not an http:// address");
            }

            try
            {
                var experiment = ExperimentFileParser.Load(result.GetValue(file)!);
                var options = new ExperimentRunOptions(url, result.GetValue(data), result.GetValue(output)!, result.GetValue(report), ClusterUp.Self());
                var (code, _) = await new ExperimentRunner(AnsiConsole.Console, TimeProvider.System).RunAsync(experiment, options, ct);
                return code;
            }
            catch (FormatException e)
            {
                throw new UsageException(e.Message);
            }
        });
        return command;
    }
}
