namespace Stadium.Infra.Fleet;

/// <summary>
/// Brings the number of API nodes and workers to a target, one scale at a time: new children start, become ready
/// and turn active; removed API nodes drain first (starting ones go before active ones, the newest first).
/// </summary>
internal sealed class ClusterScaler(NodeLifecycle lifecycle, ClusterMembers members)
{
    private readonly SemaphoreSlim _one = new(1, 1);

    public async Task ScaleAsync(int? api, int? workers, CancellationToken ct)
    {
        await _one.WaitAsync(ct);
        try
        {
            await Task.WhenAll(ToAsync(NodeRoles.Api, api, ct), ToAsync(NodeRoles.Worker, workers, ct));
        }
        finally
        {
            _one.Release();
        }
    }

    private async Task ToAsync(string role, int? target, CancellationToken ct)
    {
        if (target is not { } wanted)
        {
            return;
        }

        var current = members.InRole(role).Where(m => m.Node.State != NodeStates.Draining).ToList();
        if (current.Count < wanted)
        {
            await Task.WhenAll(Enumerable.Range(0, wanted - current.Count).Select(_ => lifecycle.StartAsync(role, ct)));
        }
        else if (current.Count > wanted)
        {
            var removed = current
                .OrderBy(m => m.Node.State == NodeStates.Active ? 1 : 0)
                .ThenByDescending(m => m.Node.StartedAt)
                .Take(current.Count - wanted);
            await Task.WhenAll(removed.Select(m => lifecycle.StopAsync(m, drainFirst: true)));
        }
    }
}
