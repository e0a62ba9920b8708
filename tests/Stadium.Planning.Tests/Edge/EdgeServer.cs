using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Stadium.Testing;

namespace Stadium.Planning.Tests.Edge;

/// <summary>
/// Debian's nginx running the committed deploy/nginx/edge.conf on a free loopback port in front of an origin. Only the
/// upstream's address and the listen line are replaced, each found exactly once, so what is tested is what ships. A
/// watcher shell stops nginx and removes its folder should the test host die first.
/// </summary>
internal sealed class EdgeServer : IAsyncDisposable
{
    public const string Nginx = "/usr/sbin/nginx";
    public const string UpstreamLine = "server gateway:8080;";
    public const string ListenLine = "listen 8081;";

    /// <summary>How long a started nginx may take to accept connections: 100 tries, 50 ms apart.</summary>
    private const int ReadyPolls = 100;

    private readonly string _prefix;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _errors;

    private EdgeServer(string prefix, Process process, ConcurrentQueue<string> errors, int port)
    {
        _prefix = prefix;
        _process = process;
        _errors = errors;
        Address = new Uri($"http://127.0.0.1:{port}");
    }

    public Uri Address { get; }

    public static string CommittedConfig => File.ReadAllText(Repository.Combine("deploy", "nginx", "edge.conf"));

    /// <summary>The committed file pointed at <paramref name="origin"/> and listening on 127.0.0.1:<paramref name="port"/>.</summary>
    public static string Configure(string origin, int port) =>
        ReplaceOnce(ReplaceOnce(CommittedConfig, UpstreamLine, $"server {origin};"), ListenLine, $"listen 127.0.0.1:{port};");

    public static async Task<EdgeServer> StartAsync(Uri origin)
    {
        var prefix = NewPrefix();
        var port = FreePort();
        var config = Path.Combine(prefix, "edge.conf");
        await File.WriteAllTextAsync(config, Configure($"{origin.Host}:{origin.Port}", port));

        var errors = new ConcurrentQueue<string>();
        var process = new Process { StartInfo = Arguments(prefix, config, "-g", "daemon off;") };
        process.ErrorDataReceived += (_, e) => errors.Enqueue(e.Data ?? "");
        process.OutputDataReceived += (_, e) => errors.Enqueue(e.Data ?? "");
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        Guard(process.Id, prefix);

        var server = new EdgeServer(prefix, process, errors, port);
        for (var i = 0; i < ReadyPolls && !process.HasExited; i++)
        {
            if (await server.AcceptsAsync())
            {
                return server;
            }

            await Task.Delay(50);
        }

        await server.DisposeAsync();
        throw new InvalidOperationException($"nginx did not start: {string.Join('\n', errors)}");
    }

    /// <summary>`nginx -t` on <paramref name="configText"/>: its exit code and what it printed.</summary>
    public static async Task<(int ExitCode, string Output)> TestConfigAsync(string configText)
    {
        var prefix = NewPrefix();
        try
        {
            var config = Path.Combine(prefix, "edge.conf");
            await File.WriteAllTextAsync(config, configText);
            using var process = Process.Start(Arguments(prefix, config, "-t"))!;
            var output = await process.StandardError.ReadToEndAsync() + await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, output);
        }
        finally
        {
            Directory.Delete(prefix, recursive: true);
        }
    }

    public HttpClient CreateClient() => new() { BaseAddress = Address };

    /// <summary>The access log so far, one entry per finished request (nginx writes each line as the request ends).</summary>
    /// <summary>
    /// The access log's lines for one URI once it holds <paramref name="expected"/> of them (or after 5 s, whatever
    /// it holds then): nginx writes a request's line in its log phase, after the answer has gone to the client.
    /// </summary>
    public async Task<IReadOnlyList<EdgeLogLine>> ReadLogAsync(string uri, int expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (true)
        {
            var lines = (await File.ReadAllLinesAsync(Path.Combine(_prefix, "edge-access.log")))
                .Select(EdgeLogLine.Parse).Where(l => l.Uri == uri).ToList();
            if (lines.Count >= expected || DateTime.UtcNow > deadline)
            {
                return lines;
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM to the master (fast shutdown): it stops its workers, which a SIGKILL would leave behind.
            using var stop = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
            await stop.WaitForExitAsync();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_prefix, recursive: true);
    }

    private async Task<bool> AcceptsAsync()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, Address.Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static ProcessStartInfo Arguments(string prefix, string config, params string[] extra)
    {
        var start = new ProcessStartInfo(Nginx) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-p", prefix + "/", "-c", config, "-e", "stderr" }.Concat(extra))
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>A folder the workers (nobody, when the tests run as root) can write: made 0777 on purpose.</summary>
    private static string NewPrefix()
    {
        var prefix = Path.Combine(Path.GetTempPath(), "stadium-edge", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(prefix);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(prefix, (UnixFileMode)0b111_111_111);
        }
        return prefix;
    }

    private static int FreePort() => TestPorts.Pick();

    /// <summary>A detached shell (its own session, so killing the test host's tree spares it) that stops nginx if the host dies first.</summary>
    private static void Guard(int nginx, string prefix)
    {
        var script = string.Create(CultureInfo.InvariantCulture, $"""
            exec </dev/null >/dev/null 2>&1
            while kill -0 {Environment.ProcessId} 2>/dev/null && kill -0 {nginx} 2>/dev/null; do sleep 1; done
            kill -0 {nginx} 2>/dev/null || exit 0
            kill -TERM {nginx}; sleep 1; rm -rf '{prefix}'
            """);
        using var guard = Process.Start(new ProcessStartInfo("setsid") { ArgumentList = { "-f", "/bin/sh", "-c", script }, UseShellExecute = false })!;
        guard.WaitForExit();
    }

    private static string ReplaceOnce(string text, string line, string replacement)
    {
        var at = text.IndexOf(line, StringComparison.Ordinal);
        Assert.True(at >= 0 && text.IndexOf(line, at + 1, StringComparison.Ordinal) < 0, $"edge.conf must hold '{line}' exactly once");
        return string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + line.Length));
    }
}
