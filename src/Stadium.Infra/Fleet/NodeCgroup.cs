namespace Stadium.Infra.Fleet;

/// <summary>
/// The cgroup directories one child runs in: on cgroup v1 one per controller (cpu, memory), on v2 a single one.
/// A process enters by writing its pid to each directory's <c>cgroup.procs</c>.
/// </summary>
internal sealed record NodeCgroup(string Name, IReadOnlyList<string> Directories)
{
    public IEnumerable<string> ProcsFiles => Directories.Select(d => Path.Combine(d, "cgroup.procs"));

    /// <summary>The pids in the group now (every directory lists the same ones once they have entered).</summary>
    public IReadOnlyList<int> Pids() =>
        [.. Directories.Where(Directory.Exists)
            .SelectMany(d => File.ReadAllLines(Path.Combine(d, "cgroup.procs")))
            .Select(l => int.TryParse(l, out var pid) ? pid : 0)
            .Where(p => p > 0)
            .Distinct()];
}
