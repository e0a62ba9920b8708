using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Stadium.Infra;

/// <summary>
/// A detached shell that watches a process and, should it die while the data folder still exists
/// (a crashed or killed test run never reaches its cleanup), stops the folder's servers and removes it.
/// It leaves by itself within a second once the folder is gone, which is what normal cleanup does.
/// </summary>
public static class OrphanGuard
{
    public static void Watch(int ownerPid, InfraSettings settings, PostgresBinaries postgres, ServerAccount account)
    {
        var script = Script(ownerPid, settings, postgres, account);
        // setsid -f puts the guard in its own session outside the owner's process tree, so killing the
        // test host's tree does not kill the guard with it.
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var argument in new[] { "-f", "/bin/sh", "-c", script })
        {
            start.ArgumentList.Add(argument);
        }

        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var launcher = Process.Start(start) ?? throw new InfraCommandException("could not start the orphan guard");
        launcher.StandardInput.Close();
        launcher.WaitForExit();
    }

    private static string Script(int ownerPid, InfraSettings settings, PostgresBinaries postgres, ServerAccount account)
    {
        var dir = Quote(settings.Infra.Dir);
        var runAs = account.SwitchesUser ? $"runuser -u {account.UserName} -- " : "";
        var script = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"while kill -0 {ownerPid} 2>/dev/null && [ -d {dir} ]; do sleep 1; done; ")
            .Append(CultureInfo.InvariantCulture, $"[ -d {dir} ] || exit 0; ");
        var servers = settings.Infra.Servers;
        foreach (var server in servers.Where(s => s.Role == ServerRoles.Replica).Concat(servers.Where(s => s.Role == ServerRoles.Primary)))
        {
            script.Append(CultureInfo.InvariantCulture, $"{runAs}{Quote(postgres.PgCtl)} -D {Quote(server.DataDir)} -m immediate -w stop >/dev/null 2>&1; ");
        }

        foreach (var redis in servers.Where(s => s.Kind == ServerRoles.RedisKind && s.Pid > 0))
        {
            // Only if the pid still belongs to that redis-server.
            script.Append(CultureInfo.InvariantCulture,
                $"case \"$(tr '\\0' ' ' < /proc/{redis.Pid}/cmdline 2>/dev/null)\" in *redis-server*:{redis.Port}*) kill {redis.Pid};; esac; ");
        }

        return script.Append(CultureInfo.InvariantCulture, $"sleep 1; rm -rf {dir}").ToString();
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
