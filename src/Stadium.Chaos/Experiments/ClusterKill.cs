using Stadium.Chaos.Faults;
using Stadium.Infra.Fleet;

namespace Stadium.Chaos.Experiments;

/// <summary>
/// <c>kill</c> of a member of a local cluster (api-N, worker-N), found by name in the data folder's cluster.json: SIGKILL,
/// as the kernel's OOM killer or a lost machine would end it. Nothing to revert; the cluster's supervisor reports the
/// exit and the gateway takes the node out of rotation.
/// </summary>
internal static class ClusterKill
{
    public static IFault Create(MethodStep step, FaultContext context) =>
        context.DataDir is { } data
            ? new KillOnce(step.Target, data)
            : throw new FormatException($"kill {step.Target}: needs the cluster's data folder (--data), where cluster.json names its processes");

    private sealed class KillOnce(string name, string dataDir) : IFault
    {
        public string Describe => $"kill {name}";

        public async Task StartAsync(CancellationToken ct)
        {
            var state = await ClusterStateFile.LoadAsync(ClusterStateFile.PathIn(dataDir), ct).ConfigureAwait(false)
                        ?? throw new InvalidOperationException($"kill {name}: no cluster.json in {dataDir}");
            var node = state.Nodes.FirstOrDefault(n => n.Name == name)
                       ?? throw new InvalidOperationException($"kill {name}: cluster.json has no member of that name (it has {string.Join(", ", state.Nodes.Select(n => n.Name))})");
            using var process = System.Diagnostics.Process.GetProcessById(node.Pid);
            process.Kill();
        }

        public Task RevertAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
