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
        var mau = PlanInputOptions.Mau("Monthly active users to plan for.", required: true);
        var inputs = new PlanInputOptions("its staleness budgets set the cache TTLs, its objectives the latency targets (default: the built-in slo.yaml)");
        var activeShare = Share("--active-share", "Share of MAU active in one 15-minute window (default 0.03).");
        var burstShare = Share("--burst-share", "Share of those actives opening the app in the same minute (default 1/6).");
        var requests = Positive("--requests-per-user", "Requests per active user per 15 minutes (default 120).");
        var latency = Positive("--latency-ms", "Typical latency of a request for Little's law, ms (default 20).");
        var output = CommonOptions.FilePath(new Option<string?>("--out") { Description = "Write the plan as JSON (keys: docs/planning.md).", HelpName = "FILE" });
        var emit = CommonOptions.FolderPath(new Option<string?>("--emit")
        {
            Description = "Write the deploy files (Dockerfile, compose, Kubernetes, ECS, Cloud Run, Grafana, nginx) filled with this plan's numbers into DIR.",
            HelpName = "DIR",
        });
        var command = new Command("plan", "Capacity plan for N monthly users: rates per endpoint, nodes, pools, Redis, cache TTLs, workers, autoscaling rules.")
        {
            mau, activeShare, burstShare, requests, latency, output, emit,
        };
        foreach (var option in inputs.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, ct) =>
        {
            var plan = CapacityPlanner.Plan(await inputs.ReadAsync(result, result.GetValue(mau)!.Value,
                [(activeShare, "activeShare"), (burstShare, "burstShare"), (requests, "requestsPerActiveUser"), (latency, "expectedLatencyMs")], ct));
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

    /// <summary>A number option that must be above 0, checked while parsing.</summary>
    internal static Option<double?> Positive(string name, string description)
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
