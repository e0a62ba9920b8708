using System.Diagnostics;

namespace Stadium.Infra.Fleet;

/// <summary>
/// One child of the cluster. It runs through <c>setsid /bin/sh -c '&lt;enter the cgroup&gt; exec ...'</c>: the shell joins
/// the cgroup and then becomes the program (same pid), so the program's first instruction already runs under the
/// limits; setsid gives it a session of its own, so a Ctrl+C at the terminal reaches the supervisor only, which then
/// stops the children in order (gateway first) instead of all at once.
/// </summary>
internal sealed class NodeProcess : IDisposable
{
    private readonly Process _process;

    private NodeProcess(NodeLaunch launch, Process process)
    {
        Launch = launch;
        _process = process;
        Exited = process.WaitForExitAsync();
    }

    public NodeLaunch Launch { get; }

    public int Pid => _process.Id;

    /// <summary>Completes when the process has exited.</summary>
    public Task Exited { get; }

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public static NodeProcess Start(NodeLaunch launch)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(launch.LogFile)!);
        var info = new ProcessStartInfo(File.Exists("/usr/bin/setsid") ? "/usr/bin/setsid" : "/bin/sh") { UseShellExecute = false };
        if (info.FileName != "/bin/sh")
        {
            info.ArgumentList.Add("/bin/sh");
        }

        // The log and the command are positional parameters, never spliced into the script, so no quoting can break.
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(CgroupLimiter.EntryScript(launch.Cgroup) + "log=$1; shift; exec \"$@\" >> \"$log\" 2>&1 < /dev/null");
        info.ArgumentList.Add("stadium-node");
        info.ArgumentList.Add(launch.LogFile);
        foreach (var part in launch.Command)
        {
            info.ArgumentList.Add(part);
        }

        // A node chooses its own address from --port; a URL inherited from the supervisor's environment would override nothing but confuse.
        info.Environment.Remove("ASPNETCORE_URLS");
        foreach (var (name, value) in launch.Environment)
        {
            info.Environment[name] = value;
        }

        return new NodeProcess(launch, Process.Start(info)!);
    }

    /// <summary>SIGTERM, then SIGKILL after <paramref name="grace"/>; waits until the process has exited.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (!_process.HasExited)
        {
            await UnixProcess.TerminateAsync(Pid, grace, CancellationToken.None);
        }

        await Exited;
    }

    /// <summary>The log's last lines, to show why a child exited.</summary>
    public string LogTail(int lines = 5)
    {
        try
        {
            var all = File.ReadAllLines(Launch.LogFile);
            return string.Join(Environment.NewLine, all.TakeLast(lines).Select(l => "    " + l));
        }
        catch (IOException)
        {
            return "";
        }
    }

    public void Dispose() => _process.Dispose();
}
