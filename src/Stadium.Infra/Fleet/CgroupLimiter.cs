using System.Globalization;

namespace Stadium.Infra.Fleet;

/// <summary>
/// Container-like limits for one child: a CPU quota (CFS bandwidth: <c>quota/period</c> of one core's time) and a
/// memory limit, in a group of its own under /sys/fs/cgroup. cgroup v1 (separate cpu and memory hierarchies, as this
/// machine mounts them and bench/lib/cgroup.sh uses) is preferred; the unified v2 hierarchy is used when it is the
/// only one. .NET reads the group's limits at start and sizes its thread pool, GC heaps and
/// <c>Environment.ProcessorCount</c> from them, which is why a child must be inside the group before its first
/// instruction (<see cref="EntryScript"/>), not moved there later.
/// </summary>
internal sealed class CgroupLimiter(string root = CgroupLimiter.DefaultRoot)
{
    public const string DefaultRoot = "/sys/fs/cgroup";

    /// <summary>The CFS period of a node above one core: the kernel's and Kubernetes' default.</summary>
    public const int DefaultPeriodMicroseconds = 100_000;

    /// <summary>
    /// The CFS period of a node of one core or less. A group that has used its quota is stopped until its period ends,
    /// so a node of a quarter core on a 100 ms period stalls for up to 75 ms whenever it is busy: alone enough to break
    /// a 50 ms objective. On a 10 ms period the same node stalls for at most 7.5 ms (Kubernetes offers the same through
    /// the kubelet's <c>cpuCFSQuotaPeriod</c>).
    /// </summary>
    public const int FractionalPeriodMicroseconds = 10_000;

    /// <summary>The kernel refuses quotas below 1 ms.</summary>
    private const int MinimumQuotaMicroseconds = 1_000;

    /// <summary>Groups of one cluster share this prefix, so a leftover cluster's groups can be found and removed.</summary>
    public static string Prefix(string clusterId) => $"stadium-{clusterId}-";

    /// <summary>
    /// The CFS period for a quota of <paramref name="cpus"/> cores: <see cref="FractionalPeriodMicroseconds"/> up to one
    /// core, <see cref="DefaultPeriodMicroseconds"/> above; long enough that the quota is at least the kernel's 1 ms
    /// (a twentieth of a core gets a 20 ms period).
    /// </summary>
    public static int PeriodFor(double cpus)
    {
        var period = cpus <= 1 ? FractionalPeriodMicroseconds : DefaultPeriodMicroseconds;
        return (int)Math.Min(1_000_000, Math.Max(period, Math.Ceiling(MinimumQuotaMicroseconds / cpus)));
    }

    /// <summary>
    /// Creates (or reuses) the group named <paramref name="name"/> with the limits, or returns null with the reason
    /// when this process may not (not root, read-only hierarchy, no cpu controller). The CFS period is
    /// <paramref name="periodMicroseconds"/> when given, else <see cref="PeriodFor"/>.
    /// </summary>
    public NodeCgroup? Create(string name, double cpus, long memoryBytes, out string? refusal, int? periodMicroseconds = null)
    {
        refusal = null;
        var period = periodMicroseconds ?? PeriodFor(cpus);
        var quota = Math.Max(MinimumQuotaMicroseconds, (long)Math.Round(cpus * period));
        try
        {
            if (IsV1)
            {
                var cpu = Path.Combine(root, "cpu", name);
                Directory.CreateDirectory(cpu);
                Write(cpu, "cpu.cfs_period_us", period);
                Write(cpu, "cpu.cfs_quota_us", quota);
                var directories = new List<string> { cpu };
                if (Directory.Exists(Path.Combine(root, "memory")))
                {
                    var memory = Path.Combine(root, "memory", name);
                    Directory.CreateDirectory(memory);
                    Write(memory, "memory.limit_in_bytes", memoryBytes);
                    directories.Add(memory);
                }

                return new NodeCgroup(name, directories);
            }

            if (IsV2)
            {
                // A child group gets the cpu and memory files only once its parent delegates those controllers.
                File.WriteAllText(Path.Combine(root, "cgroup.subtree_control"), "+cpu +memory");
                var group = Path.Combine(root, name);
                Directory.CreateDirectory(group);
                File.WriteAllText(Path.Combine(group, "cpu.max"), $"{quota} {period}");
                Write(group, "memory.max", memoryBytes);
                return new NodeCgroup(name, [group]);
            }

            refusal = $"no cgroup cpu controller under {root}";
            return null;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            refusal = $"no permission for cgroup limits under {root} ({e.Message.TrimEnd('.')})";
            return null;
        }
    }

    /// <summary>
    /// The shell commands that put the shell itself into the group; followed by <c>exec</c>, the program that replaces
    /// it starts inside the group with the same pid.
    /// </summary>
    public static string EntryScript(NodeCgroup? group) =>
        group is null ? "" : string.Concat(group.ProcsFiles.Select(f => $"echo $$ > '{f}' && "));

    /// <summary>Moves whatever still runs in the group back to the parent and deletes the group; missing groups are fine.</summary>
    public static void Remove(NodeCgroup group)
    {
        foreach (var directory in group.Directories.Where(Directory.Exists))
        {
            var parentProcs = Path.Combine(Path.GetDirectoryName(directory)!, "cgroup.procs");
            foreach (var pid in File.ReadAllLines(Path.Combine(directory, "cgroup.procs")))
            {
                TryWrite(parentProcs, pid);
            }

            Directory.Delete(directory);
        }
    }

    /// <summary>Every group whose name starts with <paramref name="prefix"/>, in any hierarchy this limiter uses.</summary>
    public IReadOnlyList<NodeCgroup> Find(string prefix)
    {
        var parents = IsV1 ? [Path.Combine(root, "cpu"), Path.Combine(root, "memory")] : IsV2 ? new[] { root } : [];
        return [.. parents.Where(Directory.Exists)
            .SelectMany(p => Directory.GetDirectories(p, prefix + "*"))
            .GroupBy(Path.GetFileName)
            .Select(g => new NodeCgroup(g.Key!, [.. g]))];
    }

    private bool IsV1 => File.Exists(Path.Combine(root, "cpu", "cpu.cfs_quota_us"));

    private bool IsV2 => File.Exists(Path.Combine(root, "cgroup.controllers"));

    private static void Write(string directory, string file, long value) =>
        File.WriteAllText(Path.Combine(directory, file), value.ToString(CultureInfo.InvariantCulture));

    private static void TryWrite(string path, string text)
    {
        try
        {
            File.WriteAllText(path, text);
        }
        catch (IOException)
        {
            // The process exited between reading the list and moving it.
        }
    }
}
