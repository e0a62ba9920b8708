namespace Stadium.Planning.Simulate;

/// <summary>
/// Serves one second of arrivals through the fleet: the gateway splits each endpoint's arrivals evenly over the ready
/// nodes, each node's CPU is a <see cref="FluidQueue"/> (shedding past the queue deadline; a cold node's requests cost
/// more, and the ready nodes' mean sets the shared queue's load), and the gateway's and
/// nodes' counters move as the real ones would: answers and sheds by route, their latencies into the histogram,
/// CPU seconds and requests in flight per node. With no node ready the gateway refuses everything (503).
/// </summary>
internal sealed class TickServer(IReadOnlyList<EndpointModel> endpoints, Fleet fleet, GatewayCounters gateway, Random random)
{
    /// <summary>An idle node's own CPU use, as a share of its quota (the runtime, health checks, scrapes).</summary>
    public const double IdleShare = 0.01;

    public TickResult Serve(ReadOnlySpan<double> arrivals)
    {
        var shape = fleet.Shape;
        var ready = fleet.Ready.ToList();
        var baseSeconds = shape.BaseLatency.TotalSeconds;
        var ticks = new EndpointTick[endpoints.Count];
        var total = 0.0;
        for (var i = 0; i < arrivals.Length; i++)
        {
            total += arrivals[i];
        }

        if (ready.Count == 0)
        {
            for (var i = 0; i < endpoints.Count; i++)
            {
                ticks[i] = new EndpointTick(0, arrivals[i], baseSeconds, 0);
                gateway.Record(i, 0, arrivals[i], _ => 0, 0, baseSeconds);
            }

            gateway.InFlight.Clear();
            return new TickResult(ticks, total, 0, 0);
        }

        var n = ready.Count;
        var cold = ready.Select(fleet.Cold).ToList();
        var meanCold = cold.Average();
        var offered = 0.0;
        for (var i = 0; i < endpoints.Count; i++)
        {
            offered += arrivals[i] * endpoints[i].CostSeconds * meanCold / n;
        }

        var backlog = fleet.Backlog;
        var step = FluidQueue.Step(ref backlog, offered, shape.Cores, shape.QueueDeadline.TotalSeconds);
        fleet.Backlog = backlog;
        var slowdown = FluidQueue.Slowdown(step.Utilization, shape.Cores);
        var inFlight = 0.0;
        for (var i = 0; i < endpoints.Count; i++)
        {
            var endpoint = endpoints[i];
            var answered = arrivals[i] * (1 - step.ShedShare);
            var tick = new EndpointTick(answered, arrivals[i] - answered, baseSeconds + step.Delay,
                FluidQueue.RequestSeconds(endpoint.CostSeconds * meanCold, shape.Cores) * slowdown);
            ticks[i] = tick;
            gateway.Record(i, tick.Answered, tick.Shed, s => tick.Cdf(endpoint.Shape, s), tick.Offset + tick.Mean, baseSeconds);
            inFlight += tick.Answered / n * (tick.Offset + tick.Mean);
        }

        // A Poisson split's spread per node (power of two choices keeps it smaller, so this is the wider case).
        var perNode = Math.Max(1, total / n);
        var spread = 1 / Math.Sqrt(perNode);
        gateway.InFlight.Clear();
        for (var k = 0; k < n; k++)
        {
            var node = ready[k];
            var share = Math.Max(0, 1 + (spread * Poisson.Normal(random))) * cold[k] / meanCold;
            node.CpuSeconds += (step.Served * share) + (IdleShare * shape.Cores);
            node.InFlight = inFlight * share;
            gateway.InFlight[node.Name] = node.InFlight;
        }

        foreach (var idle in fleet.Nodes.Where(x => !x.Ready))
        {
            idle.CpuSeconds += IdleShare * shape.Cores;
        }

        return new TickResult(ticks, total, step.Utilization, n);
    }
}
