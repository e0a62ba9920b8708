using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Stadium.Infra.Fleet;
using Stadium.Testing;

namespace Stadium.Infra.Tests.Fleet;

/// <summary>
/// <c>stadium up --cluster</c> run from the built CLI as its own process, in a temporary data folder, with the
/// helpers a test needs: wait for cluster.json to show what it expects, run <c>stadium cluster</c>, stop with SIGTERM.
/// Disposing stops it if the test did not and removes the folder.
/// </summary>
internal sealed class ClusterRun : IAsyncDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(300);

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ClusterRun(string dataDir, int gatewayPort, Process process)
    {
        DataDir = dataDir;
        GatewayPort = gatewayPort;
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string DataDir { get; }

    public int GatewayPort { get; }

    public ClusterLayout Layout => ClusterLayout.For(DataDir);

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts a cluster with few users and no PostgreSQL replica, the smallest that is still a cluster.</summary>
    /// <param name="extra">More arguments for `up --cluster` (e.g. --autoscale FILE).</param>
    public static ClusterRun Start(int nodes, int workers, params string[] extra)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), $"stadium-cluster-{Guid.NewGuid():N}"[..24]);
        Directory.CreateDirectory(dataDir);
        var port = FreePort.Pick();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] arguments =
        [
            BuiltCli.Path, "up", "--cluster", "--nodes", $"{nodes}", "--workers", $"{workers}", "--replicas", "0",
            "--users", "20", "--port", $"{port}", "--data", dataDir, .. extra,
        ];
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["Logging__LogLevel__Default"] = "Warning";
        return new ClusterRun(dataDir, port, Process.Start(info)!);
    }

    /// <summary>Waits until cluster.json satisfies <paramref name="condition"/>; fails with the supervisor's output otherwise.</summary>
    public async Task<ClusterState> WaitForStateAsync(Func<ClusterState, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(3));
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            if (await TryLoadAsync() is { } state && condition(state))
            {
                return state;
            }

            await Task.Delay(Poll);
        }

        Assert.Fail($"cluster.json never showed {what}; the supervisor wrote:{Environment.NewLine}{Output}");
        return null!;
    }

    /// <summary>Polls <c>stadium cluster status --json</c> until its nodes satisfy <paramref name="condition"/>.</summary>
    public async Task<JsonElement> WaitForStatusAsync(Func<JsonElement, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            var (exitCode, output, errors) = await CliAsync("cluster", "status", "--json", "--data", DataDir);
            last = output + errors;
            if (exitCode == 0)
            {
                var status = JsonDocument.Parse(output).RootElement.Clone();
                if (condition(status))
                {
                    return status;
                }
            }

            await Task.Delay(Poll);
        }

        Assert.Fail($"`cluster status --json` never showed {what}; last:{Environment.NewLine}{last}{Environment.NewLine}supervisor:{Environment.NewLine}{Output}");
        return default;
    }

    public Task<(int ExitCode, string Output, string Errors)> CliAsync(params string[] arguments) => BuiltCli.RunAsync(arguments);

    /// <summary>SIGTERM, as a service manager stops it; waits for the exit (the supervisor drains and stops everything first).</summary>
    public async Task<int> StopAsync()
    {
        await UnixProcess.TerminateAsync(_process.Id, TimeSpan.FromSeconds(90), CancellationToken.None);
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    /// <summary>Processes whose command line names the data folder: the cluster's children and its servers.</summary>
    public IReadOnlyList<string> ProcessesOfThisCluster() =>
        [.. Directory.GetDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => int.TryParse(name, out _))
            .Select(name => UnixProcess.CommandLine(int.Parse(name!, System.Globalization.CultureInfo.InvariantCulture)))
            .Where(line => line.Contains(DataDir, StringComparison.Ordinal))];

    /// <summary>The cluster's cgroups that still exist in any hierarchy.</summary>
    public IReadOnlyList<string> CgroupsOfThisCluster() =>
        [.. new CgroupLimiter().Find(CgroupLimiter.Prefix(Layout.ClusterId)).Select(g => g.Name)];

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await StopAsync();
        }

        _process.Dispose();
        if (Directory.Exists(DataDir))
        {
            Directory.Delete(DataDir, recursive: true);
        }
    }

    private async Task<ClusterState?> TryLoadAsync()
    {
        try
        {
            return await ClusterStateFile.LoadAsync(Layout.StateFile, CancellationToken.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
