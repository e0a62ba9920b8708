using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Stadium.Infra;
using Stadium.Infra.Chaos;

namespace Stadium.Commands;

/// <summary><c>stadium infra up|down|status</c>: real PostgreSQL (primary + streaming replicas) and Redis on 127.0.0.1.</summary>
internal static class InfraCommand
{
    private const string DefaultDir = ".data/infra";

    public static Command Create()
    {
        var command = new Command("infra", "Start, stop and inspect local PostgreSQL (primary + streaming replicas) and Redis servers.");
        command.Subcommands.Add(CreateUp());
        command.Subcommands.Add(CreateDown());
        command.Subcommands.Add(CreateStatus());
        return command;
    }

    private static Option<string> DirOption() => new("--dir")
    {
        Description = "Data folder holding the servers and stadium.json.",
        DefaultValueFactory = _ => DefaultDir,
    };

    private static Command CreateUp()
    {
        var replicas = new Option<int>("--replicas")
        {
            Description = "Streaming replicas of the primary, made with pg_basebackup.",
            DefaultValueFactory = _ => 1,
        };
        CommonOptions.InRange(replicas, 0, 8);
        var basePort = new Option<int?>("--base-port")
        {
            Description = "Ports from here on: the primary N, the replicas N+1.., Redis the next (default: free ports picked at random).",
        };
        basePort.Validators.Add(r =>
        {
            if (r.Tokens is [var token] && int.TryParse(token.Value, out var port) && port is < 1024 or > 65000)
            {
                r.AddError("--base-port must be between 1024 and 65000.");
            }
        });
        var chaos = new Option<bool>("--chaos")
        {
            Description = "Also start a fault proxy (`stadium chaos proxy`) and route every connection to the servers through it: stadium.json names its ports.",
        };
        var dir = DirOption();
        var command = new Command("up", "Start a PostgreSQL primary, N streaming replicas and Redis on 127.0.0.1; write DIR/stadium.json.");
        command.Options.Add(replicas);
        command.Options.Add(basePort);
        command.Options.Add(chaos);
        command.Options.Add(dir);
        command.SetAction((result, ct) => Guarded(result, () => UpAsync(
            new InfraUpOptions(result.GetValue(dir)!, result.GetValue(replicas), BasePort: result.GetValue(basePort), Chaos: result.GetValue(chaos) ? ClusterUp.ChaosProxy() : null),
            ct)));
        return command;
    }

    private static Command CreateDown()
    {
        var dir = DirOption();
        var command = new Command("down", "Stop the servers an earlier `infra up` started in DIR.");
        command.Options.Add(dir);
        command.SetAction((result, ct) => Guarded(result, () => DownAsync(result.GetValue(dir)!, ct)));
        return command;
    }

    private static Command CreateStatus()
    {
        var dir = DirOption();
        var command = new Command("status", "Show each server, its role and the replicas' lag; exits 1 when one is down.");
        command.Options.Add(dir);
        command.SetAction((result, ct) => Guarded(result, () => StatusAsync(result.GetValue(dir)!, ct)));
        return command;
    }

    private static async Task<int> UpAsync(InfraUpOptions options, CancellationToken ct)
    {
        var dir = options.Dir;
        var clock = Stopwatch.StartNew();
        var settings = await new InfraLauncher().UpAsync(options, ct);
        var elapsed = clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        var path = InfraSettingsFile.PathIn(dir);

        AnsiConsole.MarkupLine($"[green]Started {settings.Infra.Servers.Count} servers in {elapsed} s[/] in {Markup.Escape(settings.Infra.Dir)}");
        foreach (var server in settings.Infra.Servers)
        {
            AnsiConsole.MarkupLine($"  {server.Name,-9} {server.Kind,-8} 127.0.0.1:{server.Port,-6} pid {server.Pid}");
        }

        // Plain lines: a connection string must not be wrapped when the output is not a terminal. They are complete
        // (with the application user's random password), so each works as printed.
        Console.WriteLine();
        Console.WriteLine("Connection settings (the same values are in the settings file), ready for a shell:");
        foreach (var (name, value) in settings.EnvironmentVariables())
        {
            Console.WriteLine($"  export {name}='{value}'");
        }

        Console.WriteLine();
        Console.WriteLine($"Settings file: {path}");
        Console.WriteLine($"  run on these servers: stadium up --config {path}");
        Console.WriteLine($"  stop them:            stadium infra down --dir {dir}");
        if (settings.Infra.Chaos is { } chaos)
        {
            Console.WriteLine($"  faults:               stadium chaos fault latency primary --for 10s --data {dir}   (proxy API {chaos.ProxyApi})");
        }

        return 0;
    }

    private static async Task<int> DownAsync(string dir, CancellationToken ct)
    {
        var settings = await new InfraLauncher().DownAsync(dir, ct);
        AnsiConsole.MarkupLine($"[green]Stopped[/] {string.Join(", ", settings.Infra.Servers.Select(s => s.Name))} in {Markup.Escape(settings.Infra.Dir)}");
        return 0;
    }

    private static async Task<int> StatusAsync(string dir, CancellationToken ct)
    {
        var settings = await InfraSettingsFile.LoadAsync(InfraSettingsFile.PathIn(dir), ct);
        var statuses = await InfraStatusProbe.ProbeAsync(settings, ct);

        var table = new Table().AddColumns("Server", "Kind", "Role", "Address", "State", "Details");
        foreach (var status in statuses)
        {
            table.AddRow(
                Markup.Escape(status.Name),
                status.Kind,
                status.Role,
                $"127.0.0.1:{status.Port}",
                status.Up ? "[green]up[/]" : "[red]down[/]",
                Markup.Escape(Details(status)));
        }

        AnsiConsole.Write(table);
        return statuses.All(s => s.Up) ? 0 : 1;
    }

    private static string Details(ServerStatus status)
    {
        if (!status.Up)
        {
            return status.Error ?? "";
        }

        if (status.Kind == "chaos-proxy")
        {
            return "fault proxy: its API answers";
        }

        if (status.PingMilliseconds is { } ping)
        {
            return $"PING {ping:0.00} ms";
        }

        if (status.StandbysStreaming is { } streaming)
        {
            return $"{(status.InRecovery == true ? "in recovery" : "read-write")}, {streaming} standby(s) streaming";
        }

        var parts = new List<string>
        {
            status.InRecovery == true ? "in recovery" : "NOT in recovery",
            status.ReplicationState ?? "not connected to the primary",
        };
        if (status.ReplayLagBytes is { } bytes)
        {
            parts.Add($"replay lag {bytes} B");
        }

        parts.Add(status.ReplayLag is { } lag ? $"{lag.TotalMilliseconds:0.0} ms" : "idle");
        parts.Add($"replayed to {status.ReplayLsn ?? "?"}");
        if (status.ReplayPaused == true)
        {
            parts.Add("REPLAY PAUSED");
        }

        return string.Join(", ", parts);
    }

    /// <summary>Known failures (a missing package, a server that would not start) print one clear line, not a stack trace.</summary>
    private static async Task<int> Guarded(ParseResult result, Func<Task<int>> action)
    {
        if (!OperatingSystem.IsLinux())
        {
            await ErrorLine.WriteAsync(result, "runs Debian's PostgreSQL and Redis packages: Linux only", seeHelp: false);
            return ExitCodes.Failed;
        }

        try
        {
            return await action();
        }
        catch (PortTakenException e)
        {
            await ErrorLine.WriteAsync(result, e.Message);
            return ExitCodes.BadUsage;
        }
        catch (Exception e) when (e is MissingBinaryException or InfraCommandException)
        {
            await ErrorLine.WriteAsync(result, e.Message, seeHelp: false);
            return ExitCodes.Failed;
        }
    }
}
