using System.CommandLine;
using Stadium.Planning.Simulate;

namespace Stadium.Commands;

/// <summary>
/// `stadium simulate --mau N [--trace diurnal|launch|spike|FILE] [--policy cpu|stadium|FILE ...]`: a day of traffic
/// through a simulated fleet, scaled by the autoscaler's own code on a simulated clock, once per policy; a table and a
/// summary line (SLO-violation minutes, instance-hours), results.json with --out, PNGs with --plot, the regions' costs
/// with --regions. docs/planning.md, "Simulate".
/// </summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var mau = PlanInputOptions.Mau("Monthly active users (needed unless --trace is a file of total arrivals).", required: false);
        var trace = new Option<string>("--trace")
        {
            Description = "diurnal (a day peaking at the busy minute), launch (the day plus a launch at 18:00), spike (5 x for 15 minutes at 14:00), or a CSV file ('second,arrivals_per_second' or 'minute,multiplier').",
            DefaultValueFactory = _ => "diurnal",
            HelpName = "TRACE",
        };
        var policy = new Option<string[]>("--policy")
        {
            Description = "cpu (CPU at 70 % only), stadium (scaling/autoscale.yaml's api target) or a `stadium autoscale` config file; repeat to compare (default: cpu and stadium).",
            HelpName = "POLICY",
            AllowMultipleArgumentsPerToken = false,
        };
        var regions = new Option<string?>("--regions") { Description = "A CSV 'region,user_share,rtt_ms' (or 'example'): the cost of a remote primary and replica lag, on paper.", HelpName = "FILE" };
        var seed = new Option<int>("--seed") { Description = "Seed of the arrivals' noise: the same seed gives the same run.", DefaultValueFactory = _ => 1 };
        var output = CommonOptions.FilePath(new Option<string?>("--out") { Description = "Write the results as JSON (every policy's outcome, scale events and minutes).", HelpName = "FILE" });
        var plot = CommonOptions.FolderPath(new Option<string?>("--plot") { Description = "Write PNG plots (nodes, latency, shed, arrivals) into DIR.", HelpName = "DIR" });
        var nodeCpu = PlanCommand.Positive("--node-cpu", "Cores per node (default: the plan's, doubled until the peak needs at most 150 nodes).");
        var nodeCapacity = PlanCommand.Positive("--node-capacity", "Arrivals/s one node serves at full CPU: rescales every endpoint's cost (calibration against a measured node).");
        var startup = PlanCommand.Positive("--startup", "Seconds from a node being asked for to serving (default 15, measured).");
        var drain = PlanCommand.Positive("--drain", "Seconds a leaving node drains (default 10).");
        var minNodes = Count("--min-nodes", "The policies' minReplicas (default: built-in policies the plan's, files their own).");
        var maxNodes = Count("--max-nodes", "The policies' maxReplicas (default: built-in policies what the trace's peak needs, files their own).");
        var initialNodes = Count("--initial-nodes", "Nodes ready at the start (default: the policy's minReplicas).");
        var coldFactor = PlanCommand.Positive("--cold-factor", "A node's CPU per request when it becomes ready, as a multiple of a warm node's (default 1: no cold start).");
        var coldSeconds = PlanCommand.Positive("--cold-seconds", "Time constant in seconds of a cold node's extra CPU (with --cold-factor; default 30).");
        var inputs = new PlanInputOptions("its objectives are the SLO the run is judged by and the latency signal reads (default: the built-in slo.yaml)");
        var command = new Command("simulate", "Autoscaling policies against a day of traffic at any scale: SLO-violation minutes, shed share, instance-hours, scale events.")
        {
            mau, trace, policy, regions, seed, output, plot, nodeCpu, nodeCapacity, startup, drain, minNodes, maxNodes, initialNodes, coldFactor, coldSeconds,
        };
        foreach (var option in inputs.All)
        {
            command.Options.Add(option);
        }

        command.Validators.Add(result =>
        {
            if (result.GetValue(minNodes) is { } min && result.GetValue(maxNodes) is { } max && max < min)
            {
                result.AddError($"--max-nodes must be at least --min-nodes (got --min-nodes {min} --max-nodes {max})");
            }
        });

        command.SetAction(async (result, ct) =>
        {
            var given = result.GetValue(mau);
            var request = new SimulationRequest(
                given,
                await inputs.ReadAsync(result, given ?? 1_000_000, [], ct),
                result.GetValue(trace)!,
                result.GetValue(nodeCpu),
                result.GetValue(nodeCapacity),
                result.GetValue(minNodes),
                result.GetValue(maxNodes),
                result.GetValue(initialNodes),
                Seconds(result.GetValue(startup)),
                Seconds(result.GetValue(drain)),
                result.GetValue(seed),
                result.GetValue(coldFactor) ?? 1,
                result.GetValue(coldSeconds) ?? 30);
            var policies = result.GetValue(policy) is { Length: > 0 } named ? named : ["cpu", "stadium"];
            string summary;
            try
            {
                summary = await SimulationReport.RunAsync(request, policies, result.GetValue(regions), result.GetValue(output), result.GetValue(plot), Console.Out, ct);
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                throw new UsageException(e.Message);
            }

            // The fixed interface: the last line is the summary (SLO-violation minutes and instance-hours per policy).
            Console.Out.WriteLine();
            Console.Out.WriteLine(summary);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Option<int?> Count(string name, string description)
    {
        var option = new Option<int?>(name) { Description = description, HelpName = "N" };
        option.Validators.Add(result =>
        {
            if (result.Tokens is [var token] && int.TryParse(token.Value, out var n) && n is < 1 or > 100_000)
            {
                result.AddError($"{name} must be from 1 to 100,000 (got {token.Value})");
            }
        });
        return option;
    }

    private static TimeSpan? Seconds(double? seconds) => seconds is { } s ? TimeSpan.FromSeconds(s) : null;
}
