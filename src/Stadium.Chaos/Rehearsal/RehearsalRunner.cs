using Spectre.Console;
using Stadium.Chaos.Experiments;
using Stadium.Protection.Slo;
using Stadium.Scaling.Config;

namespace Stadium.Chaos.Rehearsal;

/// <summary>
/// One `stadium rehearse` from plan to verdict. It is a chaos experiment (<see cref="ExperimentRunner"/>, so the cluster's
/// start and stop, the faults and their reverts, Ctrl+C, the write ledger and its check and the jobs check are those of
/// `chaos run`) whose parts are made here: the load is the MAU's traffic at the plan's scale (a scenario written beside the
/// results), the faults are drawn from the matrix, and the cluster runs `up --cluster --chaos --autoscale`. Before the
/// cluster stops its autoscaler's decisions are read; then the gates are judged (<see cref="RehearsalVerdict"/>).
/// </summary>
public sealed class RehearsalRunner(IAnsiConsole console, TimeProvider time)
{
    public const int Passed = 0;
    public const int Failed = 1;
    public const int Interrupted = 130;

    private const string AutoscaleResource = "Stadium.Chaos.autoscale.yaml";

    /// <exception cref="FormatException">The options or a generated part cannot be used; nothing has started yet.</exception>
    public async Task<(int ExitCode, RehearsalResults Results)> RunAsync(RehearsalOptions options, CancellationToken ct)
    {
        // A given autoscaler file is read first, so a mistake in it is one line, before the plan is printed or anything starts.
        if (options.AutoscaleFile is { } given)
        {
            AutoscaleFileParser.Load(given);
        }

        var shape = RehearsalShape.Default;
        var plan = RehearsalPlan.Create(options.Mau, options.Duration, options.Scale, shape);
        RehearsalOutputs.Describe(plan, console);
        var pick = FaultPicker.Pick(FaultMatrix.Shipped(), shape.Cluster, options.Duration, options.Seed);
        foreach (var line in pick.Skipped)
        {
            console.WriteLine("  " + line);
        }

        console.WriteLine($"Faults drawn with seed {pick.Seed} (at least {pick.Gap.TotalSeconds:0} s after each before the next or the end):");
        foreach (var fault in pick.Faults)
        {
            console.WriteLine($"  {fault.Step.Describe} ({fault.File})");
        }

        var scenario = Beside(options.ResultsPath, "scenario.yaml");
        await File.WriteAllTextAsync(scenario, RehearsalScenario.Yaml(plan), ct).ConfigureAwait(false);
        var autoscale = options.AutoscaleFile ?? await WriteBuiltInAutoscaleAsync(Beside(options.ResultsPath, "autoscale.yaml"), ct).ConfigureAwait(false);

        console.WriteLine($"The load: {scenario}; the autoscaler: {autoscale}");

        var experiment = new Experiment(
            "stadium rehearse",
            $"Launch rehearsal: {plan.Mau:N0} MAU at 1/{plan.Scale:0.##}",
            null,
            null,
            shape.Cluster with { Users = plan.Population },
            new SteadyStateHypothesis("The cluster answers reads", [new Probe("profile-answers", Probe.Http, "/v1/users/user1", 0) { Latency = TimeSpan.FromSeconds(5) }]),
            [.. pick.Faults.Select(f => f.Step)],
            new LoadSpec(scenario, options.Duration),
            [],
            ExperimentGates.Default);
        AutoscalerRecord? autoscaler = null;
        string? clusterFolder = null;
        var run = new ExperimentRunOptions(null, null, options.ResultsPath, null, options.Self)
        {
            ClusterFlags = ["--chaos", "--autoscale", Path.GetFullPath(autoscale), "--node-cpu", shape.NodeCpu.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            ClusterFolder = options.DataDir,
            WriteOutputs = false,
            WarmWithLoad = false,
            BeforeClusterStops = async (dataDir, token) =>
            {
                clusterFolder = Path.GetDirectoryName(Path.GetFullPath(dataDir));
                autoscaler = await AutoscalerRecord.ReadAsync(dataDir, token).ConfigureAwait(false);
            },
        };

        var (code, chaos) = await new ExperimentRunner(console, time).RunAsync(experiment, run, ct).ConfigureAwait(false);
        var results = RehearsalVerdict.Build(plan, pick, chaos, autoscaler, SloFileParser.BuiltIn, clusterFolder);
        await RehearsalOutputs.WriteAsync(results, options, console).ConfigureAwait(false);
        return (code == ExperimentRunner.Interrupted ? Interrupted : results.Passed ? Passed : Failed, results);
    }

    /// <summary>"results-scenario.yaml" beside "results.json".</summary>
    private static string Beside(string resultsPath, string suffix)
    {
        var full = Path.GetFullPath(resultsPath);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(full)}-{suffix}");
    }

    private static async Task<string> WriteBuiltInAutoscaleAsync(string path, CancellationToken ct)
    {
        await using var resource = typeof(RehearsalRunner).Assembly.GetManifestResourceStream(AutoscaleResource)!;
        await using var file = File.Create(path);
        await resource.CopyToAsync(file, ct).ConfigureAwait(false);
        return path;
    }
}
