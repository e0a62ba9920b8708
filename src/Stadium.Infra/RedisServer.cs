using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Stadium.Infra;

/// <summary>
/// One redis-server on 127.0.0.1, daemonized with a pidfile so a later process (<c>stadium infra down</c>)
/// can stop it. Nothing is persisted: it is a cache and a timeline store for labs and tests.
/// </summary>
internal sealed class RedisServer(string binary, string folder, int port)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    public string Folder { get; } = folder;
    public int Port { get; } = port;
    public string PidFile => Path.Combine(Folder, "redis.pid");
    public string LogFile => Path.Combine(Folder, "redis.log");
    public string Configuration => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Starts the daemon and waits until it answers PING.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(Folder);
        // Redis runs fine as root, so it needs no account switch.
        await CommandRunner.RunCheckedAsync(
            binary,
            [
                "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                "--dir", Folder, "--save", "", "--appendonly", "no",
                "--daemonize", "yes", "--pidfile", PidFile, "--logfile", LogFile,
            ],
            null,
            ct);

        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await AnswersPingAsync(ct))
        {
            if (DateTime.UtcNow > deadline)
            {
                var log = File.Exists(LogFile) ? string.Join('\n', File.ReadLines(LogFile).TakeLast(10)) : "(no log)";
                throw new InfraCommandException($"redis-server did not answer on {Configuration} within {StartTimeout.TotalSeconds} s:\n{log}");
            }

            await Task.Delay(20, ct);
        }
    }

    /// <summary>The daemon's process id from its pidfile; 0 when there is none.</summary>
    public int ReadPid() =>
        File.Exists(PidFile) && int.TryParse(File.ReadAllText(PidFile).Trim(), out var pid) ? pid : 0;

    /// <summary>
    /// SIGTERM (with save disabled, the same as SHUTDOWN NOSAVE) to this folder's redis-server. The pidfile names
    /// it first (the daemon writes it itself, so it stays right after a restart the settings file never saw);
    /// <paramref name="recordedPid"/> (what <c>up</c> recorded) is the fallback. Either is signalled only when it is
    /// still verifiably this server: pids are reused, and a pidfile may be stale.
    /// </summary>
    public async Task StopAsync(int recordedPid, CancellationToken ct)
    {
        if (RunningPid(recordedPid) is { } pid)
        {
            await UnixProcess.TerminateAsync(pid, StopGrace, ct);
        }
    }

    /// <summary>The pid of this folder's running redis-server (pidfile first, then <paramref name="recordedPid"/>), or null.</summary>
    public int? RunningPid(int recordedPid)
    {
        foreach (var pid in new[] { ReadPid(), recordedPid }.Where(p => p > 0).Distinct())
        {
            if (IsThisServer(pid))
            {
                return pid;
            }
        }

        return null;
    }

    /// <summary>
    /// Redis rewrites its title to "redis-server 127.0.0.1:PORT" and works in its --dir, so a process is this
    /// server only when both match: another redis-server on the same port from another folder is not ours.
    /// </summary>
    public bool IsThisServer(int pid)
    {
        var commandLine = UnixProcess.CommandLine(pid);
        return commandLine.Contains("redis-server", StringComparison.Ordinal)
            && commandLine.Contains($":{Port.ToString(CultureInfo.InvariantCulture)}", StringComparison.Ordinal)
            && UnixProcess.WorkingDirectory(pid) == Path.TrimEndingDirectorySeparator(Path.GetFullPath(Folder));
    }

    /// <summary>A bare RESP PING: readiness needs no client library.</summary>
    private async Task<bool> AnswersPingAsync(CancellationToken ct)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port, ct);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), ct);
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer, ct);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
