using System.CommandLine;
using Spectre.Console;
using Stadium.Lab;
using Stadium.Lab.Generic;
using Stadium.Lab.Http;
using Stadium.Lab.Ledger;
using Stadium.Lab.Scenarios;
using Stadium.Protection.Slo;

namespace Stadium.Commands;

/// <summary>`stadium load url|run|verify|export`: the load lab. Exit 0 = passed, 1 = threshold breached or writes lost, 2 = bad input, 130 = interrupted.</summary>
internal static class LoadCommand
{
    private const int BadInput = 2;

    public static Command Create() => new("load", "The load lab: open-model arrival rates, realistic journeys, HDR percentiles, thresholds, reports.")
    {
        Url(),
        Run(),
        Verify(),
        LoadExportCommand.Create(),
    };

    private static Command Url()
    {
        var url = new Argument<string>("URL") { Description = "The URL to load (loopback unless --allow-remote)." };
        var connections = new Option<int>("--connections", "-c") { Description = "Connections (and, without --rate, concurrent users).", DefaultValueFactory = _ => 64 };
        var duration = new Option<string>("--duration", "-d") { Description = "How long, e.g. 10s, 2m.", DefaultValueFactory = _ => "10s" };
        var rate = new Option<double?>("--rate", "-R") { Description = "Requests per second on a fixed schedule (open model); without it, as fast as the connections allow." };
        var headers = new Option<string[]>("--header", "-H") { Description = "A request header 'Name: value' (repeatable).", AllowMultipleArgumentsPerToken = false };
        var method = new Option<string>("--method", "-m") { Description = "HTTP method.", DefaultValueFactory = _ => "GET" };
        var body = new Option<string?>("--body") { Description = "Request body (sent as application/json unless a Content-Type header says otherwise)." };
        var timeout = new Option<string>("--timeout") { Description = "Per-request timeout.", DefaultValueFactory = _ => "10s" };
        var engine = new Option<string>("--engine")
        {
            Description = "raw: sockets and pre-formatted HTTP/1.1, nothing allocated per request (http:// only); httpclient: SocketsHttpHandler (https always uses it).",
            DefaultValueFactory = _ => "raw",
        };

        // Not AcceptOnlyFromAmong: an unknown engine is the registry's one-line error with exit code 2, like any bad input.
        engine.CompletionSources.Add([.. LoadJob.EngineNames]);
        var shared = new SharedOptions();
        var command = new Command("url", "One URL: as fast as possible with C connections, or at R requests/s with --rate.") { url, connections, duration, rate, headers, method, body, timeout, engine };
        shared.AddTo(command);
        command.SetAction(async (result, ct) => await GuardAsync(result, async () =>
        {
            var engineName = result.GetValue(engine)!;
            LoadJob.PrepareEngine(engineName);

            var template = new RequestTemplate(
                "url", result.GetValue(method)!, result.GetValue(url)!, [.. (result.GetValue(headers) ?? []).Select(ParseHeader)], result.GetValue(body));
            var job = new LoadJob(AnsiConsole.Console, TimeProvider.System);
            var (code, _) = await job.RunUrlAsync(
                template, result.GetValue(connections), DurationText.Parse(result.GetValue(duration)!), result.GetValue(rate),
                DurationText.Parse(result.GetValue(timeout)!), result.GetValue(shared.MaxRequests), result.GetValue(shared.AllowRemote), shared.Output(result), ct, engineName);
            return code;
        }));
        return command;
    }

    private static Command Run()
    {
        var scenario = new Argument<string>("SCENARIO") { Description = "Scenario file (YAML or JSON): journeys with weights, or a request list." };
        var target = new Option<string?>("--target") { Description = "Base URL of the service (overrides the scenario's target)." };
        var mau = new Option<long?>("--mau") { Description = "Derive the traffic from monthly active users (15-minute actives, 60-second burst, steady rate)." };
        var duration = new Option<string?>("--duration", "-d") { Description = "Caps the run; phases without a duration get it." };
        var ledger = new Option<string?>("--ledger") { Description = "Write ledger file: every acknowledged create, for `stadium load verify`." };
        var shared = new SharedOptions();
        var command = new Command("run", "Run a scenario: Stadium journeys or a generic request list, in open or closed phases.") { scenario, target, mau, duration, ledger };
        shared.AddTo(command);
        command.SetAction(async (result, ct) => await GuardAsync(result, async () =>
        {
            var file = await ScenarioLoader.LoadAsync(result.GetValue(scenario)!, ct);
            var durationText = result.GetValue(duration);
            var overrides = new PlanOverrides(
                result.GetValue(target), result.GetValue(mau), durationText is null ? null : DurationText.Parse(durationText));
            var job = new LoadJob(AnsiConsole.Console, TimeProvider.System);
            var (code, _) = await job.RunScenarioAsync(
                file, overrides, result.GetValue(ledger) ?? file.Ledger, result.GetValue(shared.MaxRequests), result.GetValue(shared.AllowRemote), shared.Output(result), ct);
            return code;
        }));
        return command;
    }

    private static Command Verify()
    {
        var ledger = new Argument<string>("LEDGER") { Description = "The ledger a run wrote with --ledger." };
        var target = new Option<string>("--target") { Description = "Base URL of the service.", Required = true };
        var allowRemote = new Option<bool>("--allow-remote") { Description = "Allow a non-loopback target." };
        var command = new Command("verify", "Check that every acknowledged write in a ledger is readable: nothing lost.") { ledger, target, allowRemote };
        command.SetAction(async (result, ct) => await GuardAsync(result, async () =>
        {
            var uri = TargetGuard.Check(result.GetValue(target)!, result.GetValue(allowRemote));
            var entries = await WriteLedger.ReadAsync(result.GetValue(ledger)!, ct);
            using var client = LoadHttpClient.Create(new HttpClientOptions(16, TimeSpan.FromSeconds(10)));
            var verifier = new LedgerVerifier(client, uri);
            if (entries.Count > 0 && await verifier.NoAnswerAsync(ct) is { } silence)
            {
                throw new IOException($"--target {uri} does not answer ({silence}); nothing was checked.");
            }

            var verdict = await verifier.VerifyAsync(entries, ct);
            AnsiConsole.MarkupLine($"{verdict.Checked:N0} acknowledged writes checked: {verdict.Found:N0} found, {verdict.Lost.Count:N0} lost, {verdict.Mismatched.Count:N0} mismatched, {verdict.Unreadable.Count:N0} could not be read back.");
            AnsiConsole.MarkupLine(Markup.Escape($"A post not found was {verdict.Rereads.Describe()} before it counted as lost; "
                + (verdict.Consistency is { } token ? $"every read sent {LedgerVerifier.ConsistencyHeader}: {token} (the ledger's highest)." : "the ledger holds no consistency token, so reads sent none.")));
            foreach (var lost in verdict.Lost.Take(50))
            {
                AnsiConsole.MarkupLine($"[red]lost[/] post {lost.PostId} by {Markup.Escape(lost.Author)}, acknowledged {lost.AcknowledgedAt:O}");
            }

            foreach (var wrong in verdict.Mismatched.Take(50))
            {
                AnsiConsole.MarkupLine($"[red]mismatched[/] post {wrong.PostId}: expected author {Markup.Escape(wrong.Author)}");
            }

            foreach (var (entry, problem) in verdict.Unreadable.Take(50))
            {
                AnsiConsole.MarkupLine($"[yellow]could not be read back[/] post {entry.PostId}: {Markup.Escape(problem)}");
            }

            if (verdict.Resolutions.Count > 0)
            {
                AnsiConsole.MarkupLine($"{verdict.Unacknowledged:N0} unacknowledged writes (answer lost or an error) resolved by reading their authors' posts: "
                    + string.Join(", ", verdict.Resolutions.GroupBy(r => r.Outcome).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count():N0} {g.Key}")) + ".");
            }

            foreach (var wrong in verdict.Resolutions.Where(r => !r.Consistent).Take(50))
            {
                AnsiConsole.MarkupLine($"[red]{wrong.Outcome}[/] by {Markup.Escape(wrong.Author)}: {wrong.Indeterminate} without an answer, {wrong.Failed} answered with an error, "
                    + $"{(wrong.Applied < 0 ? "posts unreadable (" + Markup.Escape(wrong.Problem ?? "") + ")" : wrong.Applied + " applied")}: \"{Markup.Escape(wrong.Text.Length > 60 ? wrong.Text[..60] + "..." : wrong.Text)}\"");
            }

            AnsiConsole.MarkupLine(verdict.Consistent ? (verdict.Resolutions.Count == 0 ? "[green]Nothing lost.[/]" : "[green]Nothing lost, nothing applied twice.[/]")
                : verdict.NothingLost ? "[red]A write whose answer was lost was applied twice, or one answered with an error was applied.[/]"
                : "[red]Writes were lost or could not be read back.[/]");
            return verdict.Consistent ? 0 : 1;
        }));
        return command;
    }

    private static KeyValuePair<string, string> ParseHeader(string header)
    {
        var colon = header.IndexOf(':', StringComparison.Ordinal);
        return colon <= 0
            ? throw new FormatException($"Header '{header}' is not 'Name: value'.")
            : new(header[..colon].Trim(), header[(colon + 1)..].Trim());
    }

    /// <summary>
    /// Bad input is a message and exit code 2, not a stack trace (whose exit code, 1, would read as a breached threshold).
    /// Files and folders that cannot be read or written (a missing folder, a folder where a file was expected, no
    /// permission) are bad input too.
    /// </summary>
    private static async Task<int> GuardAsync(ParseResult parse, Func<Task<int>> action)
    {
        // Redirected output (CI logs) would otherwise wrap the summary table at 80 columns.
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = 160;
        }

        try
        {
            return await action();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            await ErrorLine.WriteAsync(parse, e.Message);
            return BadInput;
        }
    }

    /// <summary>The options `url` and `run` share.</summary>
    private sealed class SharedOptions
    {
        public Option<string?> Out { get; } = CommonOptions.FilePath(new Option<string?>("--out") { Description = "Write results.json here." });

        public Option<string?> Report { get; } = CommonOptions.FilePath(new Option<string?>("--report") { Description = "Write the HTML report (with PNG charts) here." });

        public Option<string[]> Thresholds { get; } = new("--threshold") { Description = "A gate such as 'feed: p99<50ms' or 'all: errors<0.1%' (repeatable); a breach exits 1." };

        public Option<bool> AllowRemote { get; } = new("--allow-remote") { Description = "Allow a non-loopback target (only for services you own)." };

        public Option<long> MaxRequests { get; } = new("--max-requests") { Description = "Hard cap on iterations started.", DefaultValueFactory = _ => 100_000_000 };

        public Option<bool> Quiet { get; } = new("--quiet", "-q") { Description = "No progress or summary on the console." };

        public Option<string?> Slo { get; } = CommonOptions.Slo("its latency objectives and error budgets become thresholds for the endpoints the run hits");

        public Option<int?> Dashboard { get; } = new("--dashboard")
        {
            Description = $"Serve a live dashboard on http://127.0.0.1:PORT/ while the run lasts (default port {LoadJob.DefaultDashboardPort}; 0 = any free port).",
            HelpName = "PORT",
            Arity = ArgumentArity.ZeroOrOne,
            CustomParser = ParsePort,
        };

        public void AddTo(Command command)
        {
            command.Options.Add(Out);
            command.Options.Add(Report);
            command.Options.Add(Thresholds);
            command.Options.Add(AllowRemote);
            command.Options.Add(MaxRequests);
            command.Options.Add(Quiet);
            command.Options.Add(Dashboard);
            command.Options.Add(Slo);
        }

        /// <summary>`--dashboard` alone (last, or before another option) means the default port.</summary>
        private static int? ParsePort(System.CommandLine.Parsing.ArgumentResult result)
        {
            if (result.Tokens.Count == 0)
            {
                return LoadJob.DefaultDashboardPort;
            }

            var text = result.Tokens[0].Value;
            if (int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var port))
            {
                return port;
            }

            result.AddError($"--dashboard: '{text}' is not a port number; give one (--dashboard {LoadJob.DefaultDashboardPort}) or put --dashboard after the URL or scenario.");
            return null;
        }

        public OutputOptions Output(ParseResult result) =>
            new(result.GetValue(Out), result.GetValue(Report), result.GetValue(Thresholds) ?? [], result.GetValue(Quiet), result.GetValue(Dashboard),
                result.GetValue(Slo) is { } slo ? SloFileParser.Load(slo) : null);
    }
}
