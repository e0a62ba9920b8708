using Spectre.Console;
using Stadium.Lab.Dashboard;
using Stadium.Lab.Engines;
using Stadium.Lab.Execution;
using Stadium.Lab.Generic;
using Stadium.Lab.Http;
using Stadium.Lab.Journeys;
using Stadium.Lab.Ledger;
using Stadium.Lab.Measurement;
using Stadium.Lab.Reports;
using Stadium.Lab.Scenarios;
using Stadium.Lab.Thresholds;

namespace Stadium.Lab;

/// <summary>
/// One `stadium load` run from start to verdict: runs the plan with live progress, builds the results,
/// evaluates thresholds, writes results.json and the HTML report, prints the summary.
/// Exit code 0 = all thresholds met, 1 = a threshold breached or no request succeeded, 130 = interrupted (outputs still written). A threshold that cannot be read or names an
/// endpoint the run does not have throws <see cref="FormatException"/> before any traffic is sent, as does a setting
/// out of range (zero connections, a rate or duration of zero or below: <see cref="InputCheck"/>).
/// </summary>
/// <param name="cpuTime">The process's CPU time so far, for the saturated-generator warning; null reads this process's.</param>
public sealed class LoadJob(IAnsiConsole console, TimeProvider time, Func<TimeSpan>? cpuTime = null)
{
    public const int Passed = 0;
    public const int ThresholdBreached = 1;

    /// <summary>Stopped early (Ctrl+C, SIGTERM): the outputs hold what ran, but the run did not finish its plan. 128 + SIGINT, as shells report it.</summary>
    public const int Interrupted = 130;

    /// <summary>
    /// Lets the engine named <paramref name="engine"/> set this process up (the raw engine runs socket completions inline).
    /// Runtime switches are read when the first socket is created, so the CLI calls this before anything else, and a
    /// process that also hosts a server never does.
    /// </summary>
    /// <exception cref="FormatException">No engine has that name; the message lists the known ones.</exception>
    public static void PrepareEngine(string engine) => UrlEngines.Registry.Get(engine).PrepareProcess();

    /// <summary>The port `--dashboard` without a value serves the live page on.</summary>
    public const int DefaultDashboardPort = LiveDashboard.DefaultPort;

    /// <summary>The names --engine accepts.</summary>
    public static IReadOnlyList<string> EngineNames => UrlEngines.Registry.Names;

    /// <param name="engine">The --engine name (raw, httpclient); a target the engine cannot load (raw: https://) goes through HttpClient.</param>
    /// <exception cref="FormatException">No engine has that name; the message lists the known ones.</exception>
    public async Task<(int ExitCode, LoadResults Results)> RunUrlAsync(
        RequestTemplate request, int connections, TimeSpan duration, double? rate, TimeSpan timeout, long maxRequests,
        bool allowRemote, OutputOptions output, CancellationToken ct, string engine = "raw")
    {
        var uri = TargetGuard.Check(request.Url, allowRemote);
        var chosen = UrlEngines.Registry.Get(engine);
        InputCheck.AtLeastOne(connections, "--connections");
        InputCheck.LongerThanZero(duration, "--duration");
        InputCheck.LongerThanZero(timeout, "--timeout");
        if (rate is { } wanted)
        {
            InputCheck.PositiveRate(wanted, "--rate");
        }

        var thresholds = ThresholdParser.ParseAll(output.Thresholds);
        OutputPaths.Prepare(output);
        ThresholdScopes.Check(thresholds, [request.Name]);
        var phase = rate is { } r
            ? PhasePlan.ConstantRate("url", r, duration, maxInFlight: connections, gracefulStop: timeout)
            : PhasePlan.ConstantUsers("url", connections, duration, ThinkTime.None, gracefulStop: timeout);
        if (chosen.CannotLoad(uri) is { } reason)
        {
            Say(output, reason);
            chosen = UrlEngines.Fallback;
        }

        var measurements = new LoadMeasurements();
        var mode = (rate is null ? "url (closed, max rate" : "url (open, fixed rate") + $", {chosen.Label} engine)";
        await using var dashboard = await LiveDashboard.StartAsync(output.DashboardPort, mode, uri, time, ct).ConfigureAwait(false);
        var limits = new RunLimits(duration + TimeSpan.FromSeconds(1), maxRequests);
        Say(output, $"stadium load url {uri}: {phase.Describe()}, {connections} connections, {chosen.Label} engine");
        var workload = await chosen.CreateAsync(new UrlLoad(request, uri, connections, timeout, allowRemote, measurements, time), ct).ConfigureAwait(false);
        await using var owned = workload.ConfigureAwait(false);
        return await RunAndReportAsync([phase], workload, measurements, limits, mode, uri, null, null, thresholds, [], output, dashboard,
            [(request.Name, request.Method, uri.AbsolutePath)], ct).ConfigureAwait(false);
    }

    /// <summary>Plans the scenario (<see cref="FormatException"/> for what does not make sense, before any traffic) and runs it.</summary>
    public Task<(int ExitCode, LoadResults Results)> RunScenarioAsync(
        ScenarioFile file, PlanOverrides overrides, string? ledgerPath, long maxRequests, bool allowRemote, OutputOptions output, CancellationToken ct) =>
        RunScenarioAsync(ScenarioPlanner.Plan(file, overrides), ledgerPath, maxRequests, allowRemote, output, ct);

    internal async Task<(int ExitCode, LoadResults Results)> RunScenarioAsync(
        LoadPlan plan, string? ledgerPath, long maxRequests, bool allowRemote, OutputOptions output, CancellationToken ct)
    {
        TargetGuard.Check(plan.Target.ToString(), allowRemote);
        var thresholds = ThresholdParser.ParseAll(plan.Thresholds.Concat(output.Thresholds));
        OutputPaths.Prepare(output);
        string[] endpoints = plan.IsJourney ? [.. StadiumEndpoints.All.Select(e => e.Name)] : [.. plan.Requests!.Select(r => r.Name)];
        ThresholdScopes.Check(thresholds, endpoints);
        CheckExpectedSheds(plan.ExpectShed ?? [], endpoints);

        // Bound before the plan is printed and the ledger created: a port out of range or in use leaves no empty ledger behind.
        var mode = plan.IsJourney ? $"journeys ({plan.Name})" : $"requests ({plan.Name})";
        await using var dashboard = await LiveDashboard.StartAsync(output.DashboardPort, mode, plan.Target, time, ct).ConfigureAwait(false);
        if (plan.Profile is not null)
        {
            Say(output, "Traffic derived from MAU (the math: docs/capacity.md):");
            foreach (var line in plan.Profile.Describe())
            {
                Say(output, "  " + line);
            }
        }

        foreach (var phase in plan.Phases)
        {
            Say(output, "  " + phase.Describe());
        }

        string[] warnings = PlanCuts.Describe(plan.Phases, plan.MaxDuration) is { } cut ? [cut] : [];
        foreach (var warning in warnings)
        {
            Warn(output, warning);
        }

        using var client = LoadHttpClient.Create(new HttpClientOptions(plan.Connections, plan.RequestTimeout));
        using var sender = new MeasuredSender(client, time, plan.Connections);
        var measurements = new LoadMeasurements(plan.ExpectShed);
        await using var ledger = ledgerPath is null ? null : WriteLedger.ForRun(ledgerPath, time.GetUtcNow());
        if (ledger is not null)
        {
            Say(output, ledger.Renamed(ledgerPath!)
                ? $"Write ledger: {ledgerPath} is an earlier run's, so this run writes {ledger.Path}"
                : $"Write ledger: {ledger.Path}");
        }

        IWorkload workload = plan.IsJourney
            ? new StadiumJourneyWorkload(
                new StadiumJourneyOptions(plan.Target, plan.Population, plan.Password, plan.ZipfExponent, plan.Mix, plan.PhaseMixes, plan.PostBodies, ledger,
                    FeedReadsPerLogin: plan.FeedReadsPerLogin, SignedInPhases: plan.SignedInPhases),
                sender, measurements)
            : new RequestListWorkload(plan.Requests!, plan.Target, sender, measurements, allowRemote);
        var result = await RunAndReportAsync(plan.Phases, workload, measurements, new RunLimits(plan.MaxDuration, maxRequests), mode, plan.Target,
            plan.Profile?.Describe().ToArray(), ledger, thresholds, warnings, output, dashboard,
            plan.IsJourney ? [.. StadiumEndpoints.All.Select(e => (e.Name, e.Method, e.Route))] : [.. plan.Requests!.Select(r => (r.Name, r.Method, r.Url))],
            ct).ConfigureAwait(false);
        if (ledger is not null)
        {
            Say(output, $"Write ledger: {ledger.Entries:N0} acknowledged creates in {ledger.Path}");
        }

        return result;
    }

    private async Task<(int, LoadResults)> RunAndReportAsync(
        IReadOnlyList<PhasePlan> phases, IWorkload workload, LoadMeasurements measurements, RunLimits limits, string mode, Uri target,
        IReadOnlyList<string>? profile, WriteLedger? ledger, IReadOnlyList<Threshold> thresholds, IReadOnlyList<string> planWarnings, OutputOptions output,
        LiveDashboard? dashboard, IReadOnlyList<(string Name, string Method, string Path)> endpoints, CancellationToken ct)
    {
        if (output.Slo is { } objectives)
        {
            Say(output, $"SLO file {objectives.Source}: its objectives gate the endpoints this run hits (p99/p95 and error budget)");
        }

        var startedAt = time.GetUtcNow();
        var interactive = !Console.IsErrorRedirected && !output.Quiet;
        var plannedLength = limits.MaxDuration;
        var progress = new ProgressLine(Console.Error, interactive, interactive ? ProgressLine.TerminalWidth() : ProgressLine.UnknownWidth, phases, plannedLength);
        var cpu = cpuTime is null ? GeneratorCpu.ForThisProcess(time) : new GeneratorCpu(cpuTime, time, Environment.ProcessorCount);
        if (dashboard is not null)
        {
            console.WriteLine($"Live dashboard: {dashboard.Url} (while the run lasts)");
        }

        var outcome = await new LoadRunner(time).RunAsync(
            phases, workload, measurements, limits, LiveDashboard.Compose((second, m) =>
            {
                cpu.Sample();
                if (!output.Quiet)
                {
                    progress.Update(second, m);
                }
            }, dashboard), ct).ConfigureAwait(false);
        progress.Finish();
        dashboard?.Finish();

        var interrupted = ct.IsCancellationRequested;
        var results = ResultsBuilder.Build(outcome, mode, target, startedAt, profile, ledger?.Entries, limits.MaxDuration);
        var failure = interrupted ? null : NothingSucceeded.Describe(results);
        string[] warnings = [.. planWarnings, .. new[] { cpu.Warning(), failure }.OfType<string>()];
        results = results with
        {
            Thresholds = ThresholdEvaluator.Evaluate(output.Slo is { } slo ? [.. thresholds, .. SloThresholds.For(slo, endpoints, results)] : thresholds, results),
            Interrupted = interrupted,
            GeneratorCpu = Math.Round(cpu.Share, 3),
            Warnings = warnings,
        };

        // Written even when the run was interrupted, so with CancellationToken.None: what ran is worth keeping. With the
        // run's cancelled token, File.Create would truncate results.json to 0 bytes and the report and summary would be lost.
        if (output.ResultsPath is not null)
        {
            await ResultsFile.WriteAsync(results, output.ResultsPath, CancellationToken.None).ConfigureAwait(false);
        }

        if (output.ReportPath is not null)
        {
            await HtmlReport.WriteAsync(results, output.ReportPath, CancellationToken.None).ConfigureAwait(false);
        }

        if (!output.Quiet)
        {
            SummaryTable.Write(console, results);
            foreach (var warning in warnings.Skip(planWarnings.Count))
            {
                Warn(output, warning);
            }
        }

        if (interrupted)
        {
            Say(output, $"Interrupted after {results.DurationSeconds:0.0} s: the figures cover what ran, not the whole plan.");
            return (Interrupted, results);
        }

        return (results.ThresholdsPassed && failure is null ? Passed : ThresholdBreached, results);
    }

    /// <exception cref="FormatException">expect: shed names an endpoint the scenario does not have.</exception>
    private static void CheckExpectedSheds(IEnumerable<string> names, IReadOnlyCollection<string> endpoints)
    {
        foreach (var name in names.Where(n => !endpoints.Contains(n, StringComparer.Ordinal)))
        {
            throw new FormatException($"expect: shed names '{name}', which is not an endpoint here. Endpoints: {string.Join(", ", endpoints.Order(StringComparer.Ordinal))}.");
        }
    }

    private void Warn(OutputOptions output, string line)
    {
        if (!output.Quiet)
        {
            console.MarkupLine("[yellow]warning:[/] " + Markup.Escape(line));
        }
    }

    private void Say(OutputOptions output, string line)
    {
        if (!output.Quiet)
        {
            console.WriteLine(line);
        }
    }
}
