using System.CommandLine;
using Stadium.Planning.Deploy;
using Stadium.Planning.Plan;

namespace Stadium.Commands;

/// <summary>
/// `stadium plan --mau N`: the capacity plan for N monthly users, from the lab's measured results (the committed
/// bench/capacity/ files unless --from names others), the SLO file and the traffic ratios; a table on the console,
/// plan.json with --out. docs/planning.md.
/// </summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var mau = new Option<long>("--mau") { Description = "Monthly active users to plan for.", Required = true, HelpName = "N" };
        mau.Validators.Add(result =>
        {
            if (result.Tokens is [var token] && long.TryParse(token.Value, out var n) && n is < 1 or > 100_000_000_000)
            {
                result.AddError($"--mau must be from 1 to 100,000,000,000 (got {token.Value})");
            }
        });
        var from = new Option<string[]>("--from")
        {
            Description = "A results.json of `stadium load run|url` to take capacity from (repeat for more; default: the committed bench/capacity/ files).",
            HelpName = "FILE",
            AllowMultipleArgumentsPerToken = false,
        };
        var slo = CommonOptions.Slo("its staleness budgets set the cache TTLs, its objectives the latency targets (default: the built-in slo.yaml)");
        var scenario = new Option<string?>("--scenario") { Description = "A load scenario whose journey: mix splits the traffic (default: the lab's default mix).", HelpName = "FILE" };
        var assume = new Option<string?>("--assume") { Description = "A YAML file of assumptions (key: number) overriding the defaults; the keys: docs/planning.md.", HelpName = "FILE" };
        var activeShare = Share("--active-share", "Share of MAU active in one 15-minute window (default 0.03).");
        var burstShare = Share("--burst-share", "Share of those actives opening the app in the same minute (default 1/6).");
        var requests = Positive("--requests-per-user", "Requests per active user per 15 minutes (default 120).");
        var latency = Positive("--latency-ms", "Typical latency of a request for Little's law, ms (default 20).");
        var output = new Option<string?>("--out") { Description = "Write the plan as JSON (keys: docs/planning.md).", HelpName = "FILE" };
        var emit = new Option<string?>("--emit")
        {
            Description = "Write the deploy files (Dockerfile, compose, Kubernetes, ECS, Cloud Run, Grafana, nginx) filled with this plan's numbers into DIR.",
            HelpName = "DIR",
        };
        var command = new Command("plan", "Capacity plan for N monthly users: rates per endpoint, nodes, pools, Redis, cache TTLs, workers, autoscaling rules.")
        {
            mau, from, slo, scenario, assume, activeShare, burstShare, requests, latency, output, emit,
        };
        command.SetAction(async (result, ct) =>
        {
            var inputs = await ReadInputsAsync(result, ct, (mau, from, slo, scenario, assume), [(activeShare, "activeShare"), (burstShare, "burstShare"), (requests, "requestsPerActiveUser"), (latency, "expectedLatencyMs")]);
            var plan = CapacityPlanner.Plan(inputs);
            PlanTable.Write(plan, Console.Out);
            if (result.GetValue(output) is { } path)
            {
                await PlanJson.WriteAsync(plan, path, ct);
                Console.Out.WriteLine($"Plan written to {path}");
            }

            if (result.GetValue(emit) is { } dir)
            {
                var files = DeployRenderer.Render(plan.ToDeployValues(), dir);
                Console.Out.WriteLine($"{files.Count} deploy files written to {dir}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<PlanInputs> ReadInputsAsync(
        ParseResult result, CancellationToken ct, (Option<long> Mau, Option<string[]> From, Option<string?> Slo, Option<string?> Scenario, Option<string?> Assume) o,
        IReadOnlyList<(Option<double?> Option, string Key)> ratios)
    {
        try
        {
            var defaults = PlanInputs.Defaults(result.GetValue(o.Mau));
            var assume = result.GetValue(o.Assume) is { } file ? AssumptionsFile.Apply(file, new PlanAssumptions()) : new PlanAssumptions();
            foreach (var (option, key) in ratios)
            {
                if (result.GetValue(option) is { } value)
                {
                    assume.Set(key, value, option.Name);
                }
            }

            var files = result.GetValue(o.From) is { Length: > 0 } paths ? [.. paths.Select(ResultsFiles.Load)] : defaults.Results;
            var slo = result.GetValue(o.Slo) is { } sloFile ? Protection.Slo.SloFileParser.Load(sloFile) : defaults.Slo;
            var journey = result.GetValue(o.Scenario) is { } scenarioFile
                ? (File.Exists(scenarioFile) ? await JourneyWeights.FromScenarioAsync(scenarioFile, ct) : throw new FileNotFoundException($"{scenarioFile}: no such scenario file"))
                : defaults.Journey;
            return defaults with { Results = files, Slo = slo, Journey = journey, Assume = assume };
        }
        catch (Exception e) when (e is FileNotFoundException or FormatException or ArgumentException or UnauthorizedAccessException)
        {
            throw new UsageException(e.Message);
        }
    }

    private static Option<double?> Share(string name, string description)
    {
        var option = new Option<double?>(name) { Description = description, HelpName = "X" };
        option.Validators.Add(result =>
        {
            if (result.Tokens is [var token] && double.TryParse(token.Value, System.Globalization.CultureInfo.InvariantCulture, out var x) && x is <= 0 or > 1)
            {
                result.AddError($"{name} must be a share above 0 and at most 1 (got {token.Value})");
            }
        });
        return option;
    }

    private static Option<double?> Positive(string name, string description)
    {
        var option = new Option<double?>(name) { Description = description, HelpName = "X" };
        option.Validators.Add(result =>
        {
            if (result.Tokens is [var token] && double.TryParse(token.Value, System.Globalization.CultureInfo.InvariantCulture, out var x) && x <= 0)
            {
                result.AddError($"{name} must be above 0 (got {token.Value})");
            }
        });
        return option;
    }
}
