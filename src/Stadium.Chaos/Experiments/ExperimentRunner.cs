using Spectre.Console;
using Stadium.Lab;
using Stadium.Lab.Reports;
using Stadium.Lab.Scenarios;

namespace Stadium.Chaos.Experiments;

/// <summary>
/// One `stadium chaos run` from start to verdict: the target (a cluster started for the run when none is given), the
/// hypothesis before, the lab's scenario throughout with the method's faults at their offsets (each reverted at its end
/// and on cancellation) and the hypothesis during each, the hypothesis after, the writes and jobs verdicts, the
/// rollbacks (always, a Ctrl+C or SIGTERM included), then results.json and the report. Exit 0 only when it passed.
/// </summary>
public sealed class ExperimentRunner(IAnsiConsole console, TimeProvider time)
{
    public const int Passed = 0;
    public const int Failed = 1;
    public const int Interrupted = 130;

    /// <summary>
    /// How long the load runs after the last fault ends when the file does not say: the recovery gate and the
    /// <see cref="RecoveryClock.HoldSeconds"/> the SLO must then hold, so a recovery up to the gate can be measured
    /// (with less, a recovery of more than the rest minus the hold read as never), and at least 20 s.
    /// </summary>
    internal static TimeSpan AfterLastFault(ExperimentGates gates) =>
        TimeSpan.FromSeconds(Math.Max(20, gates.Recovery.TotalSeconds + RecoveryClock.HoldSeconds));

    /// <summary>The lab's hard cap on iterations started, as `stadium load run` has it by default: the duration is the real limit.</summary>
    private const long MaxIterations = 100_000_000;

    /// <exception cref="FormatException">The scenario, a fault or the target cannot be used; nothing has been sent yet.</exception>
    public async Task<(int ExitCode, ChaosResults Results)> RunAsync(Experiment experiment, ExperimentRunOptions options, CancellationToken ct)
    {
        var scenario = experiment.Load is { } load ? await LoadScenarioAsync(experiment.Source, load.Scenario, ct).ConfigureAwait(false) : null;
        var target = options.Target ?? experiment.Target;
        if (target is not null && !target.IsLoopback)
        {
            throw new FormatException($"target {target}: chaos runs against loopback only (127.0.0.1, localhost)");
        }

        FaultCatalog.CheckDataDir(experiment, clusterStarted: target is null, options.DataDir);
        LocalCluster? cluster = null;
        if (target is null)
        {
            var shape = experiment.Cluster with { Users = Math.Max(experiment.Cluster.Users, scenario?.Population ?? 0) };
            cluster = await LocalCluster.StartAsync(options.Self, shape, options.ClusterFlags, Console.Out, ct, options.ClusterFolder, LogsPath(options.ResultsPath)).ConfigureAwait(false);
            target = cluster.Gateway;
        }

        try
        {
            var context = new FaultContext(target, cluster?.DataDir ?? options.DataDir);
            var faults = await FaultCatalog.CreateAsync(experiment, context.DataDir, Console.Out, time, ct).ConfigureAwait(false);
            var schedules = experiment.Method.Zip(faults, (step, fault) => new FaultSchedule(step, fault, time)).ToList();
            var warmup = experiment.Warmup ?? (cluster is null ? TimeSpan.Zero : Experiment.DefaultWarmup);
            return await RunAgainstAsync(experiment, scenario, target, context.DataDir, schedules, options, warmup, ct).ConfigureAwait(false);
        }
        finally
        {
            if (cluster is not null)
            {
                await StopAsync(cluster, options).ConfigureAwait(false);
            }
        }
    }

    private async Task StopAsync(LocalCluster cluster, ExperimentRunOptions options)
    {
        try
        {
            if (options.BeforeClusterStops is { } hook)
            {
                // Its own token: after Ctrl+C the run's is cancelled, and what the cluster can still say is part of the verdict.
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await hook(cluster.DataDir, timeout.Token).ConfigureAwait(false);
            }
        }
        finally
        {
            console.WriteLine("Stopping the run's cluster.");
            await cluster.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<(int, ChaosResults)> RunAgainstAsync(
        Experiment experiment, ScenarioFile? scenario, Uri target, string? dataDir, List<FaultSchedule> schedules, ExperimentRunOptions options, TimeSpan warmup,
        CancellationToken ct)
    {
        var startedAt = time.GetUtcNow();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var probes = new ProbeRunner(client, target, time);
        console.WriteLine($"Experiment: {experiment.Title} against {target}");
        HypothesisCheck? before = null;
        HypothesisCheck? after = null;
        LoadResults? load = null;
        string? ledger = null;
        var interrupted = false;
        try
        {
            if (warmup > TimeSpan.Zero)
            {
                await WarmAsync(experiment, options.WarmWithLoad ? scenario : null, target, probes, warmup, ct).ConfigureAwait(false);
            }

            before = await probes.CheckAsync(experiment.Hypothesis, "before", ct).ConfigureAwait(false);
            Say(before);
            if (before.Passed)
            {
                ledger = scenario is null ? null : LedgerPath(options.ResultsPath, startedAt);
                (load, interrupted) = await RunMethodAsync(experiment, scenario, target, schedules, probes, ledger, ct).ConfigureAwait(false);
                if (!interrupted)
                {
                    after = await probes.CheckAsync(experiment.Hypothesis, "after", ct).ConfigureAwait(false);
                    Say(after);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            interrupted = true;
        }

        // Everything from here runs on its own tokens: after Ctrl+C the verdict and the rollbacks are what is left to do.
        using var verifyTimeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var writes = ledger is not null && File.Exists(ledger) ? await WritesCheck.VerifyAsync(ledger, target, verifyTimeout.Token).ConfigureAwait(false) : null;
        var jobs = dataDir is null ? null : JobsCheck.Read(dataDir);
        console.WriteLine(experiment.Rollbacks.Count == 0 ? "No rollbacks." : $"Rollbacks: {experiment.Rollbacks.Count}");
        var rollbacks = await new RollbackRunner(client, target).RunAsync(experiment.Rollbacks).ConfigureAwait(false);
        foreach (var rollback in rollbacks)
        {
            console.WriteLine($"  rollback {rollback.Name}: {(rollback.Succeeded ? "done" : "FAILED")} ({rollback.Detail})");
        }

        var results = ChaosVerdict.Build(experiment, target, startedAt, interrupted, new HypothesisResults(before, [.. schedules.Select(s => s.During).OfType<HypothesisCheck>()], after),
            schedules, load, writes, jobs, rollbacks) with
        { WarmupSeconds = warmup.TotalSeconds };
        if (options.WriteOutputs)
        {
            await ChaosOutputs.WriteAsync(results, options, console).ConfigureAwait(false);
        }

        return (interrupted ? Interrupted : results.Passed ? Passed : Failed, results);
    }

    /// <summary>
    /// The scenario's load (without a ledger) and the hypothesis's requests for <paramref name="warmup"/>, nothing of
    /// it measured: a fresh cluster compiles its routes, fills its pools and caches and lets its limiters learn, so the
    /// check before and the load after it meet the steady state the experiment is about.
    /// </summary>
    private async Task WarmAsync(Experiment experiment, ScenarioFile? scenario, Uri target, ProbeRunner probes, TimeSpan warmup, CancellationToken ct)
    {
        console.WriteLine($"Warming up for {warmup.TotalSeconds:0.#} s: {(scenario is null ? "" : "the scenario's load and ")}the hypothesis's requests, not measured.");
        var load = scenario is null
            ? Task.FromResult<(int, LoadResults)?>(null)
            : WarmLoadAsync(scenario, target, warmup, ct);
        var sent = await probes.WarmAsync(experiment.Hypothesis, warmup, ct).ConfigureAwait(false);
        var results = await load.ConfigureAwait(false);
        console.WriteLine(results is { Item2: { } warm }
            ? $"  {sent:N0} probe requests; the load: {warm.Requests:N0} requests, {warm.Errors:N0} errors, {warm.Shed:N0} shed."
            : $"  {sent:N0} probe requests sent.");
    }

    private async Task<(int, LoadResults)?> WarmLoadAsync(ScenarioFile scenario, Uri target, TimeSpan warmup, CancellationToken ct) =>
        await new LoadJob(console, time).RunScenarioAsync(scenario, new PlanOverrides(target.ToString(), null, warmup), null, MaxIterations, allowRemote: false,
            new OutputOptions(null, null, [], Quiet: true), ct).ConfigureAwait(false);

    /// <summary>The load and the faults side by side; returns the lab's results (null without a scenario) and whether the run was cancelled.</summary>
    private async Task<(LoadResults?, bool)> RunMethodAsync(
        Experiment experiment, ScenarioFile? scenario, Uri target, List<FaultSchedule> schedules, ProbeRunner probes, string? ledger, CancellationToken ct)
    {
        var length = experiment.Load?.Duration ?? experiment.LastFaultEnd + AfterLastFault(experiment.Gates);
        var loadStarted = time.GetUtcNow();
        Task<(int, LoadResults)>? loadTask = null;
        if (scenario is not null)
        {
            var job = new LoadJob(console, time);
            loadTask = job.RunScenarioAsync(scenario, new PlanOverrides(target.ToString(), null, length), ledger, MaxIterations, allowRemote: false,
                new OutputOptions(null, null, [], Quiet: true), ct);
        }

        var faults = schedules.Select(s => s.RunAsync(loadStarted, token => probes.CheckAsync(experiment.Hypothesis, $"during {s.Step.Describe}", token), ct)).ToList();
        foreach (var schedule in schedules)
        {
            // The fault's own description ends with its duration ("redis down for 30 s").
            console.WriteLine($"  fault at {schedule.Step.At.TotalSeconds:0.#}s: {schedule.Outcome.Describe}");
        }

        var interrupted = false;
        try
        {
            await Task.WhenAll(faults).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            interrupted = true;
        }

        if (loadTask is null)
        {
            var rest = loadStarted + length - time.GetUtcNow();
            if (!interrupted && rest > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(rest, time, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    interrupted = true;
                }
            }

            return (null, interrupted);
        }

        var (code, results) = await loadTask.ConfigureAwait(false);
        return (results, interrupted || code == LoadJob.Interrupted);
    }

    private static async Task<ScenarioFile> LoadScenarioAsync(string source, string path, CancellationToken ct)
    {
        try
        {
            return await ScenarioLoader.LoadAsync(path, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"{source}: load.scenario: cannot read {path} ({e.Message.TrimEnd('.')})", e);
        }
    }

    private void Say(HypothesisCheck check)
    {
        console.WriteLine($"Hypothesis {check.When}: {(check.Passed ? "met" : "NOT met")}");
        foreach (var probe in check.Probes)
        {
            console.WriteLine($"  {(probe.Passed ? "ok" : "FAIL")} {probe.Name}: {probe.Detail}");
        }
    }

    /// <summary>"results-logs" beside "results.json": where a temporary cluster's logs are kept.</summary>
    internal static string LogsPath(string resultsPath)
    {
        var full = Path.GetFullPath(resultsPath);
        return Path.Combine(Path.GetDirectoryName(full)!, $"{Path.GetFileNameWithoutExtension(full)}-logs");
    }

    private static string LedgerPath(string resultsPath, DateTimeOffset startedAt)
    {
        var full = Path.GetFullPath(resultsPath);
        return Path.Combine(Path.GetDirectoryName(full)!, $"{Path.GetFileNameWithoutExtension(full)}-ledger-{startedAt.UtcDateTime:yyyyMMdd-HHmmss}.jsonl");
    }
}
