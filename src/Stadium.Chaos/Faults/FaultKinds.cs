namespace Stadium.Chaos.Faults;

/// <summary>Every fault kind by its name (the experiment file's <c>fault:</c> and the CLI's KIND); the one place they are listed.</summary>
internal static class FaultKinds
{
    private static readonly IFaultKind[] All =
    [
        new ProcessFaultKind("kill", (spec, process, target) => new StopFault(spec, process, target, graceful: false)),
        new ProcessFaultKind("freeze", (spec, process, _) => new FreezeFault(spec, process)),
        new ProcessFaultKind("restart", (spec, process, target) => new StopFault(spec, process, target, graceful: true)),
        new ReplicaLagKind(),
        new HogKind("cpu-hog", HogFault.Load.Cpu),
        new HogKind("memory-pressure", HogFault.Load.Memory),
        new NetworkFaultKind("latency", "latency", new Dictionary<string, double> { ["latency"] = 200, ["jitter"] = 0 }),
        new NetworkFaultKind("loss", "loss", new Dictionary<string, double> { ["probability"] = 0.05, ["burst"] = 1 }),
        new NetworkFaultKind("bandwidth", "bandwidth", new Dictionary<string, double> { ["rate"] = 64 }),
        new NetworkFaultKind("reset", "reset_peer", new Dictionary<string, double> { ["timeout"] = 0 }),
        new NetworkFaultKind("timeout", "timeout", new Dictionary<string, double> { ["timeout"] = 0 }),
        new NetworkFaultKind("down", null, new Dictionary<string, double>()),
    ];

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(k => k.Name)];

    public static IFaultKind Get(string name) =>
        All.FirstOrDefault(k => k.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            ?? throw new FaultException($"no fault kind '{name}'; the kinds are: {string.Join(", ", Names)}");
}
