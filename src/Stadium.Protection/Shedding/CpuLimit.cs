using System.Globalization;

namespace Stadium.Protection.Shedding;

/// <summary>
/// The cores this process may use: its cgroup's CPU quota when one is set (v1 `cpu.cfs_quota_us` / `cpu.cfs_period_us`,
/// v2 `cpu.max`), which may be a fraction of a core; else the processor count. .NET's own
/// <see cref="Environment.ProcessorCount"/> rounds a quota up to whole cores, too coarse to budget a quarter core.
/// </summary>
internal static class CpuLimit
{
    public static double Cores() => Quota() is { } quota ? Math.Min(quota, Environment.ProcessorCount) : Environment.ProcessorCount;

    /// <summary>The quota in cores from a process's cgroup list and the cgroup file system; null when there is none.</summary>
    internal static double? Quota(string cgroupList = "/proc/self/cgroup", string root = "/sys/fs/cgroup")
    {
        try
        {
            foreach (var line in File.ReadLines(cgroupList))
            {
                var parts = line.Split(':', 3);
                if (parts.Length != 3)
                {
                    continue;
                }

                if (parts[0] == "0" && parts[1].Length == 0 && Read($"{root}{parts[2]}/cpu.max") is { } max)
                {
                    var fields = max.Split(' ');
                    return fields[0] == "max" ? null : Ratio(fields[0], fields[1]);
                }

                if (parts[1].Split(',').Contains("cpu")
                    && Read($"{root}/cpu{parts[2]}/cpu.cfs_quota_us") is { } quota
                    && Read($"{root}/cpu{parts[2]}/cpu.cfs_period_us") is { } period)
                {
                    return quota.StartsWith('-') ? null : Ratio(quota, period);
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }

    private static string? Read(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : null;

    private static double? Ratio(string quota, string period) =>
        double.TryParse(quota, CultureInfo.InvariantCulture, out var q) && double.TryParse(period, CultureInfo.InvariantCulture, out var p) && p > 0 && q > 0
            ? q / p
            : null;
}
