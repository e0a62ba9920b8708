using System.Diagnostics;
using System.Globalization;
using Stadium.Infra.Fleet;

namespace Stadium.Chaos.Experiments;

/// <summary>
/// Clusters that a `chaos run` started and could not stop because it died first (SIGKILL, a crash): their folder names
/// an owner that is gone. The next run stops each (SIGTERM to the supervisor named in its cluster.json, only when that
/// process's command line names the folder, so a recycled pid is left alone) and removes the folder.
/// </summary>
internal static class LeftoverClusters
{
    public const string Prefix = "stadium-chaos-";
    public const string OwnerFile = "owner.pid";

    public static async Task CleanAsync(TextWriter say, CancellationToken ct)
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), Prefix + "*"))
        {
            var owner = Path.Combine(folder, OwnerFile);
            if (!File.Exists(owner) || !int.TryParse(await File.ReadAllTextAsync(owner, ct).ConfigureAwait(false), CultureInfo.InvariantCulture, out var pid) || Alive(pid))
            {
                continue;
            }

            say.WriteLine($"Stopping a cluster left by a chaos run that died: {folder}");
            var state = await TryLoadAsync(ClusterStateFile.PathIn(Path.Combine(folder, "data")), ct).ConfigureAwait(false);
            if (state is not null && Alive(state.SupervisorPid) && CommandLine(state.SupervisorPid).Contains(folder, StringComparison.Ordinal))
            {
                using var signal = Process.Start(new ProcessStartInfo("kill", ["-TERM", state.SupervisorPid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false });
                await signal!.WaitForExitAsync(ct).ConfigureAwait(false);
                for (var waited = 0; waited < 900 && Alive(state.SupervisorPid); waited++)
                {
                    await Task.Delay(100, ct).ConfigureAwait(false);
                }
            }

            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                say.WriteLine($"  could not remove it ({e.Message})");
            }
        }
    }

    private static bool Alive(int pid) => pid > 0 && Directory.Exists($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}");

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
    }

    public static async Task<ClusterState?> TryLoadAsync(string file, CancellationToken ct)
    {
        try
        {
            return await ClusterStateFile.LoadAsync(file, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or Stadium.Infra.InfraCommandException)
        {
            return null;
        }
    }
}
