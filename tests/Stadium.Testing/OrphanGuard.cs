using System.Diagnostics;
using System.Globalization;
using Stadium.Infra;

namespace Stadium.Testing;

/// <summary>
/// A detached shell that watches a process and, should it die while the data folder still exists
/// (a crashed or killed test run never reaches its cleanup), stops every server in the folder and
/// removes it. It finds the servers in the folder itself (postmaster.pid, redis.pid), so it can be
/// started before the launch and covers a run killed half-way through <c>up</c>. It leaves by itself
/// within a second once the folder is gone, which is what normal cleanup does.
/// </summary>
public static class OrphanGuard
{
    /// <summary>Guards the data folder <paramref name="dir"/> (which must exist) against this process dying first.</summary>
    public static void Watch(string dir) => Watch(Environment.ProcessId, dir);

    /// <summary>Guards the data folder <paramref name="dir"/> (which must exist) against process <paramref name="ownerPid"/> dying first.</summary>
    public static void Watch(int ownerPid, string dir) =>
        Watch(ownerPid, dir, new BinaryLocator().LocatePostgres(), ServerAccount.ForCurrentProcess());

    /// <summary>As <see cref="Watch(int, string)"/>, with the programs and account the caller's launcher already found.</summary>
    internal static void Watch(int ownerPid, string dir, PostgresBinaries postgres, ServerAccount account)
    {
        if (!Directory.Exists(dir))
        {
            throw new ArgumentException($"{dir} does not exist: the guard would leave at once", nameof(dir));
        }

        // setsid -f puts the guard in its own session outside the owner's process tree, so killing the
        // test host's tree does not kill the guard with it.
        var start = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "-f", "/bin/sh", "-c", Script(ownerPid, Path.GetFullPath(dir), postgres, account) })
        {
            start.ArgumentList.Add(argument);
        }

        using var launcher = Process.Start(start) ?? throw new InfraCommandException("could not start the orphan guard");
        launcher.StandardInput.Close();
        launcher.WaitForExit();
    }

    private static string Script(int ownerPid, string dir, PostgresBinaries postgres, ServerAccount account)
    {
        var folder = Quote(dir);
        var runAs = account.SwitchesUser ? $"runuser -u {account.UserName} -- " : "";
        // The guard lets go of the pipes it was started with at once, so no reader waits on it.
        return string.Create(CultureInfo.InvariantCulture, $"""
            exec </dev/null >/dev/null 2>&1
            while kill -0 {ownerPid} 2>/dev/null && [ -d {folder} ]; do sleep 1; done
            [ -d {folder} ] || exit 0
            for data in {folder}/*/; do
              [ -f "$data/postmaster.pid" ] && {runAs}{Quote(postgres.PgCtl)} -D "$data" -m immediate -w stop >/dev/null 2>&1
            done
            pid=$(cat {folder}/redis/redis.pid 2>/dev/null)
            case "$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null)" in *redis-server*) kill "$pid";; esac
            sleep 1
            rm -rf {folder}
            """);
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
