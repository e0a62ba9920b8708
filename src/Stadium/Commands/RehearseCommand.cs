using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Stadium.Chaos.Rehearsal;
using Stadium.Lab.Scenarios;

namespace Stadium.Commands;

/// <summary>
/// `stadium rehearse`: the launch rehearsal in one command (docs/chaos.md, "Rehearsal"): a cluster under its autoscaler,
/// the MAU's traffic at a scale this machine can serve, faults from the matrix at random times, one verdict. Exit 0 = every
/// gate held, 1 = one missed, 2 = bad usage, 130 = interrupted (faults reverted, results written all the same).
/// </summary>
internal static class RehearseCommand
{
    public static Command Create()
    {
        var mau = new Option<long>("--mau") { Description = "Monthly active users whose traffic to rehearse.", DefaultValueFactory = _ => 1_000_000, HelpName = "N" };
        mau.Validators.Add(result =>
        {
            if (result.Tokens is [var token] && long.TryParse(token.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n is < 1 or > 100_000_000_000)
            {
                result.AddError($"--mau must be from 1 to 100,000,000,000 (got {token.Value})");
            }
        });
        var duration = new Option<string>("--duration") { Description = "How long the load runs (at least 30s): 40s, 10m, 1h.", DefaultValueFactory = _ => "10m", HelpName = "DURATION" };
        var seed = new Option<int?>("--seed") { Description = "Seed of the fault draw (which faults, when); the run prints the one it used.", HelpName = "N" };
        var scale = new Option<double?>("--scale") { Description = "Divide the MAU's rates by this (default: so the busiest stretch fits the cluster's measured capacity).", HelpName = "F" };
        var output = CommonOptions.FilePath(new Option<string>("--out") { Description = "Where to write results.json (the generated scenario and autoscaler file go beside it).", DefaultValueFactory = _ => "results.json", HelpName = "FILE" });
        var report = CommonOptions.FilePath(new Option<string?>("--report") { Description = "Also write the lab's HTML report, faults shaded on its charts.", HelpName = "FILE" });
        var data = CommonOptions.FolderPath(new Option<string?>("--data") { Description = "Run the cluster in this folder and keep it (logs, decisions.jsonl); default: a temporary folder, removed after.", HelpName = "DIR" });
        var autoscale = new Option<string?>("--autoscale") { Description = "The autoscaler's file (default: the built-in copy of scaling/autoscale.yaml).", HelpName = "FILE" };
        var command = new Command("rehearse", "The launch rehearsal: a cluster under its autoscaler, the MAU's traffic (login burst, steady mix, peaks), faults from the matrix at random times, one verdict.")
        {
            mau, duration, seed, scale, output, report, data, autoscale,
        };
        command.SetAction(async (result, ct) =>
        {
            if (Console.IsOutputRedirected)
            {
                AnsiConsole.Profile.Width = 160;
            }

            var options = new RehearsalOptions(
                result.GetValue(mau),
                Duration(result.GetValue(duration)!),
                result.GetValue(seed) ?? Random.Shared.Next(),
                Scale(result.GetValue(scale)),
                result.GetValue(output)!,
                result.GetValue(report),
                result.GetValue(data),
                result.GetValue(autoscale) is { } file ? Existing(file) : null,
                ClusterUp.Self());
            try
            {
                var (code, _) = await new RehearsalRunner(AnsiConsole.Console, TimeProvider.System).RunAsync(options, ct);
                return code;
            }
            catch (FormatException e)
            {
                throw new UsageException(e.Message);
            }
        });
        return command;
    }

    private static TimeSpan Duration(string text)
    {
        TimeSpan duration;
        try
        {
            duration = DurationText.Parse(text);
        }
        catch (FormatException e)
        {
            throw new UsageException($"--duration: {e.Message}");
        }

        return duration >= RehearsalOptions.ShortestDuration
            ? duration
            : throw new UsageException($"--duration must be at least {RehearsalOptions.ShortestDuration.TotalSeconds:0}s, room for a fault and its recovery (got {text})");
    }

    private static double? Scale(double? scale) => scale is { } f && !(f > 0 && double.IsFinite(f))
        ? throw new UsageException($"--scale divides the MAU's rates, so it must be above 0 (got {f.ToString(CultureInfo.InvariantCulture)})")
        : scale;

    private static string Existing(string file) => File.Exists(file) ? file : throw new UsageException($"--autoscale: no file {file}");
}
