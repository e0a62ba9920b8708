using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Stadium.Infra;
using Stadium.Infra.Chaos;
using Stadium.Infra.Fleet;

namespace Stadium.Commands;

/// <summary>
/// The <c>--cluster</c> side of <c>stadium up</c>: its options and the run of <see cref="ClusterSupervisor"/> (data
/// tier, API nodes, workers and gateway as processes, each node under a CPU and memory limit).
/// </summary>
internal sealed partial class ClusterUp
{
    public const string DefaultData = ".data/cluster";

    public Option<bool> Cluster { get; } = new("--cluster")
    {
        Description = "Run a fleet on this machine: the data tier, --nodes API nodes and --workers workers (each under a cgroup CPU and memory limit) behind a gateway on --port.",
    };

    public Option<int> Nodes { get; } = CommonOptions.InRange(new Option<int>("--nodes") { Description = "With --cluster: API nodes at start.", DefaultValueFactory = _ => 2 }, 1, ClusterOptions.MaxReplicas);

    public Option<int> Workers { get; } = CommonOptions.InRange(new Option<int>("--workers") { Description = "With --cluster: job workers at start.", DefaultValueFactory = _ => 1 }, 0, ClusterOptions.MaxReplicas);

    public Option<int> Replicas { get; } = CommonOptions.InRange(new Option<int>("--replicas") { Description = "With --cluster: PostgreSQL streaming replicas.", DefaultValueFactory = _ => 1 }, 0, ClusterOptions.MaxDatabaseReplicas);

    public Option<double> NodeCpu { get; } = NodeCpuOption();

    public Option<int?> NodeCpuPeriod { get; } = NodeCpuPeriodOption();

    public Option<long> NodeMemory { get; } = new("--node-memory")
    {
        Description = "With --cluster: each node's and worker's memory limit (512M, 1G or bytes).",
        DefaultValueFactory = _ => 512L << 20,
        CustomParser = ParseMemory,
    };

    public Option<string> Autoscale { get; } = new("--autoscale")
    {
        Description = "With --cluster: run the autoscaler inside the cluster with this YAML file (local targets; see scaling/autoscale.yaml). Its decisions: the control API's GET /decisions.",
        HelpName = "FILE",
    };

    public Option<bool> Chaos { get; } = new("--chaos")
    {
        Description = "With --cluster: start a fault proxy and route every connection from the nodes and workers to PostgreSQL and Redis through it (see `stadium chaos fault`).",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Autoscale);
        command.Options.Add(Chaos);
        command.Options.Add(Cluster);
        command.Options.Add(Nodes);
        command.Options.Add(Workers);
        command.Options.Add(Replicas);
        command.Options.Add(NodeCpu);
        command.Options.Add(NodeCpuPeriod);
        command.Options.Add(NodeMemory);
    }

    /// <summary>The first of the cluster's own options given without --cluster (a single node would ignore it), or null.</summary>
    public string? GivenWithoutCluster(ParseResult result) =>
        new Option[] { Nodes, Workers, Replicas, NodeCpu, NodeCpuPeriod, NodeMemory }
            .FirstOrDefault(o => result.GetResult(o) is { Implicit: false })?.Name;

    /// <summary>Runs the cluster until Ctrl+C or SIGTERM; --data defaults to .data/cluster here.</summary>
    public async Task<int> RunAsync(ParseResult result, Option<string> data, Option<int> users, int port, CancellationToken ct)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new UsageException("--cluster runs Debian's PostgreSQL and Redis and Linux cgroups: Linux only");
        }

        var folder = result.GetResult(data) is { Implicit: false } ? result.GetValue(data)! : DefaultData;
        var options = new ClusterOptions(
            folder,
            Self(),
            result.GetValue(Nodes),
            result.GetValue(Workers),
            result.GetValue(Replicas),
            result.GetValue(NodeCpu),
            result.GetValue(NodeMemory),
            port,
            result.GetValue(users))
        {
            // Read and checked before anything starts: a mistake in the file is one line, not a half-started cluster.
            Companion = result.GetValue(Autoscale) is { } file ? AutoscalerCompanion.Load(file, folder) : null,
            Chaos = result.GetValue(Chaos) ? ChaosProxy() : null,
            NodeCpuPeriodMicroseconds = result.GetValue(NodeCpuPeriod) * 1000,
        };
        try
        {
            await new ClusterSupervisor(options, Console.Out).RunAsync(ct);
        }
        catch (Exception e) when (e is MissingBinaryException or InfraCommandException)
        {
            await ErrorLine.WriteAsync(result, e.Message, seeHelp: false);
            return ExitCodes.Failed;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A failure nobody foresaw: the supervisor is a host whose output is its log, so the whole exception goes
            // there (type and stack, which the one error line below leaves out) before that line is written.
            await Console.Out.WriteLineAsync($"The cluster failed unexpectedly:{Environment.NewLine}{e}");
            throw;
        }

        return ExitCodes.Ok;
    }

    /// <summary>The fault proxy of <c>--chaos</c>: this CLI's <c>chaos proxy</c> verb.</summary>
    public static ChaosProxyLaunch ChaosProxy() => new([.. Self(), "chaos", "proxy"]);

    /// <summary>How to run this CLI again as a child: the apphost itself, or dotnet with stadium.dll.</summary>
    internal static string[] Self()
    {
        var host = Environment.ProcessPath!;
        return Path.GetFileNameWithoutExtension(host) == "dotnet" ? [host, Assembly.GetEntryAssembly()!.Location] : [host];
    }

    // NaN is outside the range too (it passed a `cores is < 0.01 or > 64` check).
    private static Option<double> NodeCpuOption() => CommonOptions.InRange(
        new Option<double>("--node-cpu") { Description = "With --cluster: each node's and worker's CPU quota in cores (0.5 = half a core).", DefaultValueFactory = _ => 0.5 },
        0.01, 64);

    private static Option<int?> NodeCpuPeriodOption()
    {
        var option = new Option<int?>("--node-cpu-period")
        {
            Description = "With --cluster: the CFS period of each node's CPU quota in milliseconds (default 10 for a node of a core or less, 100 above); a node that has used its quota waits for the next period.",
            HelpName = "MS",
        };
        option.Validators.Add(r =>
        {
            if (r.Tokens is [var token] && int.TryParse(token.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms is < 1 or > 1000)
            {
                r.AddError("--node-cpu-period must be between 1 and 1000 milliseconds.");
            }
        });
        return option;
    }

    private static long ParseMemory(ArgumentResult result)
    {
        var text = result.Tokens is [var token] ? token.Value : "";
        var match = MemoryWords().Match(text);
        if (!match.Success || !double.TryParse(match.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            result.AddError($"--node-memory: '{text}' is not a size such as 512M or 1G.");
            return 0;
        }

        var shift = "BKMGT".IndexOf(char.ToUpperInvariant(match.Groups["unit"].Value.FirstOrDefault('B')), StringComparison.Ordinal) * 10;
        var bytes = (long)(number * (1L << shift));
        if (bytes < 64L << 20)
        {
            result.AddError("--node-memory must be at least 64M: a node needs that much to start.");
        }

        return bytes;
    }

    [GeneratedRegex(@"^\s*(?<n>\d+(\.\d+)?)\s*(?<unit>[KMGT]?)(i?B)?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex MemoryWords();
}
