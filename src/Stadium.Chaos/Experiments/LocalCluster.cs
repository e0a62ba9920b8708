using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Stadium.Infra.Fleet;

namespace Stadium.Chaos.Experiments;

/// <summary>
/// The cluster an experiment without a target runs against: <c>stadium up --cluster --chaos</c> as a child process in a
/// fresh temporary folder, in a session of its own (setsid) so a Ctrl+C at the terminal reaches `chaos run` only, which
/// runs its rollbacks and then stops the cluster with SIGTERM. Its output goes to <c>cluster.log</c> beside the data; a
/// run that died before stopping it leaves its pid in <c>owner.pid</c> for the next run (<see cref="LeftoverClusters"/>).
/// A temporary folder goes at the end, its logs (<c>cluster.log</c> and each process's) copied first to the folder given
/// for them, so a run that failed can still be read.
/// </summary>
internal sealed class LocalCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(90);
    private const int StartAttempts = 2;

    private readonly Process _process;
    private readonly Task _log;
    private readonly bool _keep;
    private readonly string? _logsTo;

    private LocalCluster(string folder, Process process, Task log, bool keep, string? logsTo)
    {
        Folder = folder;
        _process = process;
        _log = log;
        _keep = keep;
        _logsTo = logsTo;
    }

    /// <summary>The temporary folder: the cluster's data under <see cref="DataDir"/>, its log beside it.</summary>
    public string Folder { get; }

    public string DataDir => Path.Combine(Folder, "data");

    public Uri Gateway { get; private set; } = null!;

    /// <param name="self">How to run this CLI (the apphost, or dotnet with stadium.dll).</param>
    /// <param name="flags">Flags after `up --cluster` besides the shape: --chaos, so every dependency is behind the fault proxy.</param>
    /// <param name="keepIn">A folder to run it in and keep afterwards (a cluster a dead run left there is cleaned by `up --cluster`
    /// itself); null: a temporary folder, removed at the end.</param>
    /// <param name="logsTo">Where a temporary folder's logs are copied before it is removed (null: nowhere).</param>
    public static async Task<LocalCluster> StartAsync(
        IReadOnlyList<string> self, ClusterShape shape, IReadOnlyList<string> flags, TextWriter say, CancellationToken ct, string? keepIn = null, string? logsTo = null)
    {
        await LeftoverClusters.CleanAsync(say, ct).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var folder = keepIn is null ? Path.Combine(Path.GetTempPath(), $"{LeftoverClusters.Prefix}{Guid.NewGuid():N}"[..26]) : Path.GetFullPath(keepIn);
            Directory.CreateDirectory(folder);
            if (keepIn is null)
            {
                await File.WriteAllTextAsync(Path.Combine(folder, LeftoverClusters.OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
            }

            say.WriteLine($"Starting a cluster for the run: {shape.Nodes} nodes, {shape.Workers} workers, {shape.Replicas} replicas, {shape.Users} users in {folder}");
            var cluster = Launch(self, shape, flags, folder, keepIn is not null, logsTo);
            try
            {
                cluster.Gateway = await cluster.WaitReadyAsync(shape, ct).ConfigureAwait(false);
                return cluster;
            }
            catch (ClusterExitedException e) when (attempt < StartAttempts)
            {
                // A start that failed outright (a port taken between its pick and its bind, a server slow to come up on
                // a loaded machine) is tried once more from nothing; a second failure is the run's.
                await cluster.DisposeAsync().ConfigureAwait(false);
                say.WriteLine($"The cluster exited at start; starting it once more. The first attempt: {e.Message}");
            }
            catch
            {
                await cluster.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    private static LocalCluster Launch(IReadOnlyList<string> self, ClusterShape shape, IReadOnlyList<string> flags, string folder, bool keep, string? logsTo)
    {
        var port = FreePort();
        var info = new ProcessStartInfo(File.Exists("/usr/bin/setsid") ? "/usr/bin/setsid" : self[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        IEnumerable<string> arguments =
        [
            .. File.Exists("/usr/bin/setsid") ? self : self.Skip(1),
            "up", "--cluster", .. flags, "--data", Path.Combine(folder, "data"), "--port", port.ToString(CultureInfo.InvariantCulture),
            "--nodes", Text(shape.Nodes), "--workers", Text(shape.Workers), "--replicas", Text(shape.Replicas), "--users", Text(shape.Users),
        ];
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(info)!;
        var log = CopyOutputAsync(process, Path.Combine(folder, "cluster.log"));
        return new LocalCluster(folder, process, log, keep, logsTo);
    }

    /// <summary>Until every node, every worker and the gateway answer ready: the gateway starts beside the nodes and may come last.</summary>
    private async Task<Uri> WaitReadyAsync(ClusterShape shape, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        var file = ClusterStateFile.PathIn(DataDir);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new ClusterExitedException($"the cluster exited at start ({_process.ExitCode}); its log ({LogPlace}) ends:\n{await TailAsync(ct).ConfigureAwait(false)}");
            }

            var state = await LeftoverClusters.TryLoadAsync(file, ct).ConfigureAwait(false);
            if (state is not null && state.Nodes.Count(n => n.Role == NodeRoles.Api && n.State == NodeStates.Active) >= shape.Nodes
                && state.Nodes.Count(n => n.Role == NodeRoles.Worker && n.State == NodeStates.Active) >= shape.Workers
                && state.Nodes.Any(n => n.Role == NodeRoles.Gateway && n.State == NodeStates.Active))
            {
                return new Uri(state.GatewayUrl);
            }

            await Task.Delay(500, ct).ConfigureAwait(false);
        }

        throw new InvalidOperationException(
            $"the cluster was not ready within {StartTimeout.TotalMinutes:0} minutes; its log ({LogPlace}) ends:\n{await TailAsync(ct).ConfigureAwait(false)}");
    }

    /// <summary>SIGTERM (the supervisor drains and stops everything, the data tier last), SIGKILL after the grace; then the folder goes, unless it was given to keep.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using var signal = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false });
            await signal!.WaitForExitAsync().ConfigureAwait(false);
            using var grace = new CancellationTokenSource(StopGrace);
            try
            {
                await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().ConfigureAwait(false);
            }
        }

        await _log.ConfigureAwait(false);
        _process.Dispose();
        if (_keep)
        {
            return;
        }

        CopyLogs();

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A server's file still being closed: the temporary folder is left for the system's cleaner.
        }
    }

    /// <summary>Where the log can be read after the run: the kept folder, or the copy a temporary one leaves.</summary>
    private string LogPlace => _keep || _logsTo is null ? Path.Combine(Folder, "cluster.log") : Path.Combine(_logsTo, "cluster.log");

    /// <summary>The last lines of cluster.log (the supervisor quotes a node's last lines when it exits at start).</summary>
    private async Task<string> TailAsync(CancellationToken ct)
    {
        const int Lines = 40;
        // After an exit the copier drains what the process wrote last; give it a moment.
        await Task.WhenAny(_log, Task.Delay(TimeSpan.FromSeconds(2), ct)).ConfigureAwait(false);
        var path = Path.Combine(Folder, "cluster.log");
        var lines = File.Exists(path) ? await File.ReadAllLinesAsync(path, ct).ConfigureAwait(false) : [];
        return string.Join('\n', lines.TakeLast(Lines));
    }

    /// <summary>cluster.log and every process's log (data/logs/*.log) into <see cref="_logsTo"/>, best effort.</summary>
    private void CopyLogs()
    {
        if (_logsTo is null)
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(_logsTo);
            var logs = Path.Combine(DataDir, "logs");
            var files = (Directory.Exists(logs) ? Directory.GetFiles(logs, "*.log") : []).Prepend(Path.Combine(Folder, "cluster.log")).Where(File.Exists);
            foreach (var file in files)
            {
                File.Copy(file, Path.Combine(_logsTo, Path.GetFileName(file)), overwrite: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The logs are a courtesy: a run's verdict does not depend on them.
        }
    }

    private static async Task CopyOutputAsync(Process process, string path)
    {
        await using var log = new StreamWriter(path) { AutoFlush = true };
        await Task.WhenAll(
            Copy(process.StandardOutput, log),
            Copy(process.StandardError, log)).ConfigureAwait(false);

        static async Task Copy(StreamReader from, StreamWriter to)
        {
            while (await from.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                lock (to)
                {
                    to.WriteLine(line);
                }
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
