using System.Globalization;
using Stadium.Infra;
using Stadium.Infra.Fleet;

namespace Stadium.Chaos.Faults;

/// <summary>
/// <c>cpu-hog</c> and <c>memory-pressure</c>: a process started inside an API node's or worker's cgroup, so it competes
/// for that node's CPU quota or memory limit only, as a noisy neighbour in the same container would. The hog runs in a
/// session of its own (setsid), so killing its process group ends it and whatever it started.
/// </summary>
internal sealed class HogFault(FaultSpec spec, ProcessTarget target, ChaosTarget where, NodeCgroup cgroup, HogFault.Load load) : IFault
{
    private const string Pid = "pid";

    public enum Load
    {
        /// <summary>A shell loop: one core's worth of demand, capped by the node's quota.</summary>
        Cpu,

        /// <summary>A share of the node's memory limit (attribute <c>share</c>, default 0.5) read into tail's buffer and held.</summary>
        Memory,
    }

    private static readonly TimeSpan DeathWait = TimeSpan.FromSeconds(10);

    /// <summary>On the hog's command line, so a later run kills this hog and never a stranger that reused its pid.</summary>
    private string Marker => $"stadium-chaos-hog-{spec.Id}";

    public string Describe => load == Load.Cpu
        ? $"CPU hog in {target.Name}'s cgroup for {spec.Duration.TotalSeconds:0.#} s"
        : $"hold {MemoryBytes() >> 20} MiB in {target.Name}'s cgroup for {spec.Duration.TotalSeconds:0.#} s";

    public Task StartAsync(CancellationToken ct)
    {
        // `tail` keeps all of its input when it holds no newline; `sleep` keeps the pipe open so tail never finishes.
        IReadOnlyList<string> command = load == Load.Cpu
            ? ["/bin/sh", "-c", "while :; do :; done", Marker]
            : ["/bin/sh", "-c", "{ head -c \"$1\" /dev/zero; exec sleep infinity; } | tail", Marker, MemoryBytes().ToString(CultureInfo.InvariantCulture)];
        var log = ClusterLayout.For(where.DataDir).LogFile($"chaos-{spec.Id}");
        using var hog = NodeProcess.Start(new NodeLaunch(Marker, command, log, cgroup, new Dictionary<string, string>()));
        spec.State[Pid] = hog.Pid.ToString(CultureInfo.InvariantCulture);
        return Task.CompletedTask;
    }

    public async Task RevertAsync(CancellationToken ct)
    {
        if (spec.State.TryGetValue(Pid, out var text) && int.TryParse(text, CultureInfo.InvariantCulture, out var pid)
            && UnixProcess.CommandLine(pid).Contains(Marker, StringComparison.Ordinal))
        {
            UnixProcess.SignalGroup(pid, UnixProcess.SigKill);
            // A hog throttled by its cgroup's CPU quota on a loaded machine may wait a quota period to be scheduled and
            // die; the revert returns once it is gone, so "undone" means the node has its CPU and memory back.
            var deadline = DateTime.UtcNow + DeathWait;
            while (UnixProcess.IsAlive(pid) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20, ct);
            }
        }
    }

    /// <summary>The share of the node's memory limit memory-pressure takes (0.5 unless given); an error outside (0, 1].</summary>
    public static double CheckShare(FaultSpec spec)
    {
        var share = spec.Number("share", 0.5);
        return share is > 0 and <= 1
            ? share
            : throw new FaultException($"memory-pressure: share={share} must be above 0 and at most 1 (of the node's memory limit)");
    }

    private long MemoryBytes() => (long)(CheckShare(spec) * where.Cluster!.Limits.MemoryBytes);
}
