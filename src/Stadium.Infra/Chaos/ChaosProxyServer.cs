using System.Globalization;
using Stadium.Infra.Fleet;

namespace Stadium.Infra.Chaos;

/// <summary>
/// The fault proxy as a daemon of the data tier: <c>stadium chaos proxy --api 127.0.0.1:PORT</c> in a session of its
/// own (it outlives <c>infra up</c>, like the servers), its output in <c>FOLDER.log</c>, stopped by <c>infra down</c>.
/// </summary>
internal static class ChaosProxyServer
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    /// <summary>Starts the proxy with its API on 127.0.0.1:<paramref name="apiPort"/> and returns its pid once the API answers.</summary>
    public static async Task<int> StartAsync(ChaosProxyLaunch launch, string folder, int apiPort, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        var log = folder + ".log";
        // NodeProcess does what a daemon needs: setsid, stdin from /dev/null, output to the log; the Process object is
        // dropped on purpose, the pid record is what stops it later.
        using var process = NodeProcess.Start(new NodeLaunch(
            "chaos-proxy", [.. launch.Command, "--api", Api(apiPort)], log, null, new Dictionary<string, string>()));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var client = new ProxyApiClient(http, ApiUri(apiPort));
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await client.AnswersAsync(ct))
        {
            if (process.Exited.IsCompleted || DateTime.UtcNow > deadline)
            {
                await process.StopAsync(StopGrace);
                throw new InfraCommandException($"the fault proxy did not answer on {Api(apiPort)} within {StartTimeout.TotalSeconds} s:\n{process.LogTail(10)}");
            }

            await Task.Delay(50, ct);
        }

        return process.Pid;
    }

    /// <summary>Stops the recorded proxy when that pid is still it (pids are reused).</summary>
    public static Task StopAsync(ServerRecord record, CancellationToken ct) =>
        IsRunning(record) ? UnixProcess.TerminateAsync(record.Pid, StopGrace, ct) : Task.CompletedTask;

    /// <summary>True when the recorded pid runs a fault proxy with this record's API address on its command line.</summary>
    public static bool IsRunning(ServerRecord record)
    {
        var commandLine = UnixProcess.CommandLine(record.Pid);
        return record.Pid > 0 && UnixProcess.IsAlive(record.Pid)
            && commandLine.Contains("proxy", StringComparison.Ordinal)
            && commandLine.Contains(Api(record.Port), StringComparison.Ordinal);
    }

    public static string Api(int port) => $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";

    public static Uri ApiUri(int port) => new($"http://{Api(port)}/");
}
