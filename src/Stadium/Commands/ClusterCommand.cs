using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Spectre.Console;
using Stadium.Infra.Fleet;

namespace Stadium.Commands;

/// <summary><c>stadium cluster status|scale</c>: look at and resize a cluster that <c>stadium up --cluster</c> runs.</summary>
internal static class ClusterCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var command = new Command("cluster", "Inspect and scale the cluster `stadium up --cluster` runs.");
        command.Subcommands.Add(CreateStatus());
        command.Subcommands.Add(CreateScale());
        return command;
    }

    private static Option<string> DataOption() => new("--data")
    {
        Description = "The cluster's data folder (the --data of `stadium up --cluster`).",
        DefaultValueFactory = _ => ClusterUp.DefaultData,
    };

    private static Command CreateStatus()
    {
        var data = DataOption();
        var json = new Option<bool>("--json") { Description = "Print one JSON object with `nodes` instead of the table." };
        var command = new Command("status", "Each node's role, URL, readiness, state, CPU and memory use against its limits.") { data, json };
        command.SetAction(async (result, ct) =>
        {
            var folder = result.GetValue(data)!;
            if (await RunningAsync(result, folder, ct) is not { } state)
            {
                return ExitCodes.Failed;
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
            var status = await http.GetFromJsonAsync<ClusterStatus>(state.ControlUrl.TrimEnd('/') + "/status", Json, ct)
                ?? throw new InvalidOperationException("the supervisor answered /status with nothing");
            if (result.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(status, Json));
            }
            else
            {
                WriteTable(status);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateScale()
    {
        var data = DataOption();
        var targets = new Argument<string[]>("targets") { Description = "api=N and/or workers=M.", Arity = new ArgumentArity(1, 2) };
        var command = new Command("scale", "Set the number of API nodes and workers: new ones start and join, removed API nodes drain first.") { targets, data };
        command.SetAction(async (result, ct) =>
        {
            var request = ScaleWords.Parse(result.GetValue(targets)!);
            var folder = result.GetValue(data)!;
            if (await RunningAsync(result, folder, ct) is not { } state)
            {
                return ExitCodes.Failed;
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
            using var response = await http.PostAsJsonAsync(state.ControlUrl.TrimEnd('/') + "/scale", request, Json, ct);
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
                throw new UsageException(Problem(problem));
            }

            response.EnsureSuccessStatusCode();
            var parts = new[] { request.Api is { } a ? $"api -> {a}" : null, request.Workers is { } w ? $"workers -> {w}" : null };
            Console.WriteLine($"Scaling {string.Join(", ", parts.Where(p => p is not null))}; follow it with `stadium cluster status --data {folder}`.");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// The cluster in the folder when its supervisor runs; null after saying so when it is the leftover of a crashed
    /// run; a usage error when the folder holds no cluster.
    /// </summary>
    private static async Task<ClusterState?> RunningAsync(ParseResult result, string folder, CancellationToken ct)
    {
        var state = await ClusterStateFile.LoadAsync(ClusterStateFile.PathIn(folder), ct)
            ?? throw new UsageException($"no cluster in {Path.GetFullPath(folder)} (no {ClusterStateFile.FileName}): start one with `stadium up --cluster --data {folder}`");
        if (LeftoverCluster.SupervisorAlive(state))
        {
            return state;
        }

        await ErrorLine.WriteAsync(
            result,
            $"the cluster in {Path.GetFullPath(folder)} was left by a crashed run (supervisor pid {state.SupervisorPid} is gone; {state.Nodes.Count} node(s) listed): " +
            $"`stadium up --cluster --data {folder}` cleans it up and starts a new one",
            seeHelp: false);
        return null;
    }

    private static string Problem(JsonElement problem)
    {
        if (problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
        {
            return string.Join("; ", errors.EnumerateObject().SelectMany(e => e.Value.EnumerateArray().Select(m => m.GetString())));
        }

        return problem.TryGetProperty("detail", out var detail) ? detail.GetString() ?? "refused" : "refused";
    }

    private static void WriteTable(ClusterStatus status)
    {
        var table = new Table().AddColumns("Node", "Role", "URL", "Pid", "State", "Ready", "CPU", "Memory");
        foreach (var node in status.Nodes.OrderBy(n => n.Role).ThenBy(n => n.StartedAt))
        {
            table.AddRow(
                Markup.Escape(node.Name),
                node.Role,
                Markup.Escape(node.Url),
                node.Pid.ToString(CultureInfo.InvariantCulture),
                node.State,
                node.Ready ? "[green]ready[/]" : "[red]not ready[/]",
                node.Cpu is { } cpu ? $"{cpu:0.00}{(node.CpuLimit is { } limit ? $" / {limit:0.##}" : "")}" : "-",
                node.MemoryBytes is { } memory ? $"{memory >> 20} MiB{(node.MemoryLimitBytes is { } cap ? $" / {cap >> 20}" : "")}" : "-");
        }

        AnsiConsole.Write(table);
        Console.WriteLine($"gateway {status.GatewayUrl}   control {status.ControlUrl}   supervisor pid {status.SupervisorPid}   " +
            (status.Limits.Capped ? $"limits {status.Limits.Cpu.ToString("0.##", CultureInfo.InvariantCulture)} CPU, {status.Limits.MemoryBytes >> 20} MiB per node" : "UNCAPPED (no cgroup permission)"));
    }
}
