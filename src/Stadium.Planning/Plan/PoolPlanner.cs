namespace Stadium.Planning.Plan;

/// <summary>
/// Connection pools by Little's law: the primary holds a connection for every write in flight (the writes' rate x
/// writeHoldMs, the whole request counted as connection time), a replica for every read that reaches the store (the
/// reads' rate x readStoreShare x readHoldMs). Each node's pool is poolSafety x its share of that need (at the fewest
/// working nodes, its largest share), never below minPoolPerNode. The totals count every node the autoscaler may run
/// (maxReplicas) and the workers, against max_connections less the reserved ones.
/// </summary>
internal static class PoolPlanner
{
    public static PoolPlan Plan(IReadOnlyList<EndpointPlan> endpoints, NodePlan nodes, WorkerPlan workers, PlanAssumptions assume)
    {
        var working = Math.Max(1, nodes.Steady.Value - nodes.SpareNodes.Value);
        var safety = assume.Get("poolSafety");
        var floor = assume["minPoolPerNode"];
        var writes = endpoints.Where(e => e.Method != "GET").Sum(e => e.BusyMinute.Value);
        var hold = assume.Get("writeHoldMs");
        var primaryInFlight = Sourced.Derived(LittlesLaw.InFlight(writes, hold.Value), $"writes {Sourced.Format(writes)}/s x writeHoldMs {hold.Text()} ({hold.Kind})");
        var reads = endpoints.Where(e => e.Method == "GET").Sum(e => e.BusyMinute.Value);
        var missShare = assume.Get("readStoreShare");
        var readHold = assume.Get("readHoldMs");
        var replicaInFlight = Sourced.Derived(LittlesLaw.InFlight(reads * missShare.Value, readHold.Value),
            $"reads {Sourced.Format(reads)}/s x readStoreShare {missShare.Value:0.####} x readHoldMs {readHold.Text()}");
        Sourced PerNode(Sourced inFlight) => Sourced.Derived(Math.Max(floor, Math.Ceiling(safety.Value * inFlight.Value / working - 1e-9)),
            $"max(minPoolPerNode {floor:0}, ceil(poolSafety {safety.Text()} x {inFlight.Text(2)} / {working:0} working nodes))");

        var primaryPerNode = PerNode(primaryInFlight);
        var replicaPerNode = PerNode(replicaInFlight);
        var maxNodes = nodes.BusyMinute.Value;
        var workerPool = assume["workerPool"];
        var workerConnections = Sourced.Derived(workers.MaxReplicas.Value * workerPool, $"{workers.MaxReplicas.Text()} workers x workerPool {workerPool:0}");
        var primaryTotal = Sourced.Derived(maxNodes * primaryPerNode.Value + workerConnections.Value,
            $"{maxNodes:0} nodes (maxReplicas) x {primaryPerNode.Text()} + {workerConnections.Text()} worker connections");
        var replicaTotal = Sourced.Derived(maxNodes * replicaPerNode.Value, $"{maxNodes:0} nodes (maxReplicas) x {replicaPerNode.Text()}, on each replica");
        var reserved = assume["reservedConnections"];
        var primaryLimit = assume.Get("primaryMaxConnections");
        var replicaLimit = assume.Get("replicaMaxConnections");
        var primaryExceeded = primaryTotal.Value > primaryLimit.Value - reserved;
        var replicaExceeded = replicaTotal.Value > replicaLimit.Value - reserved;
        var warnings = new List<string>();
        if (primaryExceeded)
        {
            warnings.Add($"the primary's pools ({primaryTotal.Text()} connections at {maxNodes:0} nodes) exceed max_connections {primaryLimit.Text()}"
                + $" less {reserved:0} reserved: raise max_connections to the recommended value, lower minPoolPerNode, or put a pooler (PgBouncer) in front");
        }

        if (replicaExceeded)
        {
            warnings.Add($"each replica's pools ({replicaTotal.Text()} connections at {maxNodes:0} nodes) exceed its max_connections {replicaLimit.Text()}"
                + $" less {reserved:0} reserved: raise it or add replicas");
        }

        var needed = Math.Ceiling((primaryTotal.Value + reserved) / 50 - 1e-9) * 50;
        var recommended = primaryExceeded
            ? Sourced.Derived(needed, $"({primaryTotal.Text()} + {reserved:0} reserved) rounded up to 50")
            : Sourced.Derived(primaryLimit.Value, $"primaryMaxConnections {primaryLimit.Text()} ({primaryLimit.Kind}) holds {primaryTotal.Text()} + {reserved:0} reserved");
        return new PoolPlan(primaryInFlight, primaryPerNode, workerConnections, primaryTotal, primaryLimit, primaryExceeded, recommended,
            replicaInFlight, replicaPerNode, replicaTotal, replicaLimit, replicaExceeded, warnings);
    }
}
