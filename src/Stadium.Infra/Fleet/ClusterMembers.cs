namespace Stadium.Infra.Fleet;

/// <summary>
/// The children that run now, and cluster.json kept equal to them: every change is written before the method that
/// made it returns, one write at a time.
/// </summary>
internal sealed class ClusterMembers(ClusterLayout layout, ClusterState header)
{
    private ClusterState _header = header;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _write = new(1, 1);
    private readonly List<ClusterMember> _members = [];
    private readonly Dictionary<string, int> _lastIndex = [];

    public ClusterState Snapshot()
    {
        lock (_gate)
        {
            return _header with { Nodes = [.. _members.Select(m => m.Node)] };
        }
    }

    /// <summary>Known once the control API listens, which is after the members exist (it serves them).</summary>
    public Task SetControlUrlAsync(string url, CancellationToken ct)
    {
        lock (_gate)
        {
            _header = _header with { ControlUrl = url };
        }

        return SaveAsync(ct);
    }

    public IReadOnlyList<ClusterMember> All()
    {
        lock (_gate)
        {
            return [.. _members];
        }
    }

    public IReadOnlyList<ClusterMember> InRole(string role) => [.. All().Where(m => m.Node.Role == role)];

    public ClusterMember? Find(string name) => All().FirstOrDefault(m => m.Node.Name == name);

    /// <summary>The next unused name for the role: api-1, api-2, ... (never reused within a run, so logs stay apart).</summary>
    public string NextName(string role)
    {
        lock (_gate)
        {
            var index = _lastIndex[role] = _lastIndex.GetValueOrDefault(role) + 1;
            return $"{role}-{index}";
        }
    }

    public Task AddAsync(ClusterMember member, CancellationToken ct)
    {
        lock (_gate)
        {
            _members.Add(member);
        }

        return SaveAsync(ct);
    }

    public Task SetStateAsync(string name, string state, CancellationToken ct)
    {
        lock (_gate)
        {
            var index = _members.FindIndex(m => m.Node.Name == name);
            if (index < 0)
            {
                return Task.CompletedTask;
            }

            _members[index] = _members[index] with { Node = _members[index].Node with { State = state } };
        }

        return SaveAsync(ct);
    }

    /// <summary>Removes the member; false when it was already gone (another path removed it first).</summary>
    public async Task<bool> RemoveAsync(string name, CancellationToken ct)
    {
        lock (_gate)
        {
            if (_members.RemoveAll(m => m.Node.Name == name) == 0)
            {
                return false;
            }
        }

        await SaveAsync(ct);
        return true;
    }

    public async Task SaveAsync(CancellationToken ct)
    {
        await _write.WaitAsync(ct);
        try
        {
            await ClusterStateFile.SaveAsync(layout.StateFile, Snapshot(), ct);
        }
        finally
        {
            _write.Release();
        }
    }
}
