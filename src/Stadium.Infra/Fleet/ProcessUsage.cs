using System.Globalization;

namespace Stadium.Infra.Fleet;

/// <summary>A process's CPU time and resident memory, read from /proc.</summary>
internal static class ProcessUsage
{
    /// <summary>USER_HZ: the unit of utime and stime in /proc/PID/stat, 100 on every Linux architecture .NET runs on.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>User plus system CPU time so far, or null when the process is gone.</summary>
    public static TimeSpan? CpuTime(int pid)
    {
        try
        {
            // Fields after "pid (comm) ": state is the first, utime the 12th and stime the 13th; comm may hold spaces.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / TicksPerSecond);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Resident memory in bytes (VmRSS), or null when the process is gone.</summary>
    public static long? ResidentBytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// Cores each process used over <paramref name="window"/> (1.0 = one core busy throughout), sampled side by side;
    /// a process that is gone has no entry.
    /// </summary>
    public static async Task<IReadOnlyDictionary<int, double>> CoresAsync(IReadOnlyCollection<int> pids, TimeSpan window, CancellationToken ct)
    {
        var before = pids.Select(p => (Pid: p, Time: CpuTime(p))).ToList();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.Delay(window, ct);
        var elapsed = clock.Elapsed.TotalSeconds;
        var cores = new Dictionary<int, double>();
        foreach (var (pid, time) in before)
        {
            if (time is { } start && CpuTime(pid) is { } end)
            {
                cores[pid] = Math.Round((end - start).TotalSeconds / elapsed, 3);
            }
        }

        return cores;
    }
}
