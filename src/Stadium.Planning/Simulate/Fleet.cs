using Stadium.Scaling;

namespace Stadium.Planning.Simulate;

/// <summary>
/// The simulated API nodes as a Deployment holds them: the replica count asked for, and members that start, become
/// ready after the start-up time, and drain on a scale-in (the not-ready first, then the youngest, as a ReplicaSet
/// picks). Ready nodes share one queue state (<see cref="Backlog"/>): the gateway's power-of-two-choices keeps their
/// in-flight counts within a request or two of each other, so they are modelled as evenly loaded.
/// </summary>
internal sealed class Fleet(FleetShape shape, TimeProvider clock)
{
    private readonly List<SimNode> _nodes = [];
    private readonly Dictionary<string, SimNode> _byName = new(StringComparer.Ordinal);
    private int _next;

    public FleetShape Shape => shape;

    /// <summary>spec.replicas: what the autoscaler last asked for.</summary>
    public int Desired { get; private set; }

    /// <summary>Each ready node's backlog of core-seconds (the queue carried into the next tick).</summary>
    public double Backlog { get; set; }

    public IReadOnlyList<SimNode> Nodes => _nodes;

    public IEnumerable<SimNode> Ready => _nodes.Where(n => n.Ready);

    /// <summary>Starts <paramref name="replicas"/> nodes that are ready at once (the fleet before the run).</summary>
    public void StartWarm(int replicas)
    {
        var now = clock.GetUtcNow();
        for (var i = 0; i < replicas; i++)
        {
            Add(new SimNode(NextName(), now, now) { Ready = true });
        }

        Desired = replicas;
    }

    public ScaleState State() => new(Desired, [.. _nodes.Where(n => !n.Draining).Select(n => new ReplicaState(n.Name, n.Ready, n.StartedAt))]);

    public void Scale(int replicas)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(replicas);
        var now = clock.GetUtcNow();
        Desired = replicas;
        var members = _nodes.Where(n => !n.Draining).ToList();
        for (var i = members.Count; i < replicas; i++)
        {
            Add(new SimNode(NextName(), now, now + shape.Startup));
        }

        // Youngest first (the list is in start order; OrderBy keeps that order among equals).
        var leaving = Enumerable.Reverse(members).OrderBy(n => n.Ready).Take(Math.Max(0, members.Count - replicas)).ToList();
        foreach (var node in leaving)
        {
            node.Ready = false;
            node.InFlight = 0;
            node.GoneAt = now + shape.Drain;
        }
    }

    /// <summary>Nodes whose start-up is over join the rotation; drained nodes end.</summary>
    public void Advance()
    {
        var now = clock.GetUtcNow();
        foreach (var gone in _nodes.Where(n => n.GoneAt <= now).ToList())
        {
            _nodes.Remove(gone);
            _byName.Remove(gone.Name);
        }

        foreach (var node in _nodes.Where(n => !n.Draining && !n.Ready && n.ReadyAt <= now))
        {
            node.Ready = true;
        }
    }

    /// <summary>How much more CPU a request costs on <paramref name="node"/> now than on a warm node (<see cref="FleetShape.Cold"/>).</summary>
    public double Cold(SimNode node) => shape.Cold((clock.GetUtcNow() - node.ReadyAt).TotalSeconds);

    /// <summary>The node named <paramref name="name"/> while its process runs, else null.</summary>
    public SimNode? Find(string name) => _byName.GetValueOrDefault(name);

    private void Add(SimNode node)
    {
        _nodes.Add(node);
        _byName[node.Name] = node;
    }

    private string NextName() => $"api-{++_next}";
}
