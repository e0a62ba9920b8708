using System.Globalization;
using Stadium.Planning.Plan;
using Stadium.Protection.Shedding;

namespace Stadium.Planning.Simulate;

/// <summary>
/// Turns a <see cref="SimulationRequest"/> into a <see cref="SimulationSetup"/> with the planner's own numbers: each
/// endpoint's CPU per request is 1 / its capacity per core (measured where the results files cover it), its service
/// time's shape is fitted to the measured p99/mean, its rates are the plan's steady and burst rates; the nodes are the
/// plan's size (doubled until the trace's peak needs at most <see cref="MaxFleet"/> of them), and the replica bounds
/// are the plan's rule (nodes at 70 % CPU plus a spare) applied to the steady traffic and to the trace's peak.
/// </summary>
internal static class SimulationBuilder
{
    /// <summary>Past this many nodes at the peak the node size doubles: a fleet of hundreds of tiny nodes is not how anyone runs 100M users.</summary>
    public const int MaxFleet = 150;

    /// <summary>Measured: from the breach to a new node serving, 14-18 s (bench/RESULTS.md, "Scale-out").</summary>
    public static readonly TimeSpan DefaultStartup = TimeSpan.FromSeconds(15);

    public static readonly TimeSpan DefaultDrain = TimeSpan.FromSeconds(10);

    /// <summary>The gateway's own hop, added to every answer.</summary>
    public static readonly TimeSpan BaseLatency = TimeSpan.FromMilliseconds(1);

    /// <exception cref="FormatException">A bad trace file, or a trace that needs --mau without one.</exception>
    public static SimulationSetup Build(SimulationRequest request)
    {
        var inputs = request.Inputs;
        var assume = inputs.Assume;
        var plan = CapacityPlanner.Plan(inputs with { Mau = request.Mau ?? 1_000_000 });
        var notes = new List<string>();
        var steady = plan.Endpoints.Select(e => e.Steady.Value).ToArray();
        var burst = plan.Endpoints.Select(e => e.Burst.Value).ToArray();
        var steadyTotal = steady.Sum();
        var shapes = Shapes(plan, inputs.Results);
        var endpoints = plan.Endpoints.Select((e, i) => new EndpointModel(e.Name, e.Method, e.Route, 1 / e.CapacityPerCore.Value, shapes[i],
            inputs.Slo.Find(e.Method, e.Route), steadyTotal > 0 ? steady[i] / steadyTotal : 0)).ToList();

        ITrafficTrace trace;
        if (DayTrace.Names.Contains(request.Trace))
        {
            trace = new DayTrace(request.Trace, steady, burst);
        }
        else
        {
            var file = FileTrace.Load(request.Trace, endpoints, steady);
            if (!file.Absolute && request.Mau is null)
            {
                throw new FormatException($"{request.Trace}: a 'minute,multiplier' trace multiplies an MAU's traffic; give --mau");
            }

            trace = file;
        }

        if (request.Mau is null && trace is DayTrace)
        {
            throw new FormatException($"the {request.Trace} trace is a day of an MAU's traffic; give --mau");
        }

        var cores = request.NodeCores ?? plan.Nodes.CoresPerNode.Value;
        if (request.NodeCapacity is { } capacity)
        {
            var perArrival = endpoints.Sum(e => e.SteadyShare * e.CostSeconds);
            var scale = cores / (capacity * perArrival);
            endpoints = [.. endpoints.Select(e => e with { CostSeconds = e.CostSeconds * scale })];
            notes.Add(Invariant($"CPU per request scaled x{scale:0.###} so one {cores:0.##}-core node serves {capacity:0.#} arrivals/s of this mix at full CPU (--node-capacity)"));
        }

        var target = assume["targetCpuUtilization"] / 100;
        var (peak, first) = PeakAndFirstCores(trace, endpoints);
        if (request.NodeCores is null)
        {
            while (Math.Ceiling(peak / (cores * target)) + 1 > MaxFleet)
            {
                cores *= 2;
            }

            notes.Add(Invariant($"nodes of {cores:0.##} core(s): the plan's size, doubled until the trace's peak ({peak:N1} cores) needs at most {MaxFleet} nodes"));
        }

        var spare = (int)assume["spareNodes"];
        var steadyCores = trace is DayTrace ? endpoints.Select((e, i) => steady[i] * e.CostSeconds).Sum() : first;
        var planned = Math.Max((int)assume["minNodes"], (int)Math.Ceiling(steadyCores / (cores * target)) + spare);
        var peakNeed = (int)Math.Ceiling(peak / (cores * target)) + spare;
        // A bound given on the command line wins over one derived from the plan: the other moves to meet it, and the note says so.
        var min = request.MinNodes ?? Math.Min(planned, request.MaxNodes ?? planned);
        var max = Math.Max(min, request.MaxNodes ?? peakNeed);
        var planBasis = Invariant($"the {(trace is DayTrace ? "busy quarter hour's" : "trace's first second's")} {steadyCores:N1} cores at {target:P0} CPU + {spare} spare (at least {assume["minNodes"]})");
        var lowered = request.MinNodes is null && min < planned;
        if (lowered)
        {
            notes.Add(Invariant($"--max-nodes {max} is below the plan's minimum of {planned} nodes ({planBasis}): the minimum is lowered to {max}"));
        }

        var from = request.MinNodes is not null ? "--min-nodes" : lowered ? "--max-nodes" : planBasis;
        var peakBasis = Invariant($"the trace's peak {peak:N1} cores at {target:P0} CPU + {spare} spare");
        var to = request.MaxNodes is not null ? "--max-nodes"
            : max > peakNeed ? Invariant($"the minimum, above the peak's need of {peakNeed} ({peakBasis})")
            : peakBasis;
        notes.Add(Invariant($"built-in policies scale from {min} to {max} nodes: {from} to {to}; a policy file keeps its own bounds unless --min-nodes/--max-nodes are given"));

        var memory = (long)(plan.Nodes.MemoryMb.Value * 1024 * 1024 * Math.Max(1, cores / plan.Nodes.CoresPerNode.Value));
        var shape = new FleetShape(cores, memory, assume["cacheBudgetShare"], (long)(assume["nodeBaselineMb"] * 1024 * 1024),
            request.Startup ?? DefaultStartup, request.Drain ?? DefaultDrain, BaseLatency, new SheddingOptions().QueueTimeout, request.ColdFactor, request.ColdSeconds);
        notes.Add(Invariant($"a node starts serving {shape.Startup.TotalSeconds:0.#} s after it is asked for, drains {shape.Drain.TotalSeconds:0.#} s, sheds past a {shape.QueueDeadline.TotalMilliseconds:0.#} ms queue wait (the protection layer's QueueTimeout)"));
        notes.Add(shape.ColdFactor > 1
            ? Invariant($"cold start: a node's first requests cost {shape.ColdFactor:0.##} x a warm node's CPU, the extra decaying in {shape.ColdSeconds:0.#} s; the fleet at the start is cold too")
            : "no cold start: a node serves at full speed once ready (--cold-factor, --cold-seconds)");
        // Data writes: every non-GET endpoint but the session ones (login and refresh write no user data).
        var writes = plan.Endpoints.Where(e => e.Method != "GET" && e.Name is not ("login" or "refresh")).Sum(e => e.Steady.Value);
        return new SimulationSetup(request.Mau, endpoints, shape, trace, min, max, request.InitialNodes, request.Seed,
            trace.Seconds >= 7200 ? 60 : 10, inputs.Slo, notes, writes / Math.Max(1, plan.ActiveIn15Minutes));
    }

    /// <summary>The cores the trace keeps busy at its busiest second and at its first.</summary>
    private static (double Peak, double First) PeakAndFirstCores(ITrafficTrace trace, IReadOnlyList<EndpointModel> endpoints)
    {
        var rates = new double[endpoints.Count];
        var peak = 0.0;
        var first = 0.0;
        for (var second = 0; second < trace.Seconds; second++)
        {
            trace.Rates(second, rates);
            var cores = 0.0;
            for (var i = 0; i < rates.Length; i++)
            {
                cores += rates[i] * endpoints[i].CostSeconds;
            }

            peak = Math.Max(peak, cores);
            if (second == 0)
            {
                first = cores;
            }
        }

        return (peak, first);
    }

    /// <summary>Each endpoint's service-time shape from its own measured p99/mean, else the measured feed's, else exponential.</summary>
    private static ServiceShape[] Shapes(CapacityPlan plan, IReadOnlyList<ResultsInput> files)
    {
        double? Ratio(string method, string route) => files
            .SelectMany(f => f.Results.Endpoints.Values)
            .Where(r => r.Method.Equals(method, StringComparison.OrdinalIgnoreCase) && RouteMatch.Matches(route, r.Route) && r.MeanMs > 0 && r.P99Ms > 0)
            .Select(r => (double?)(r.P99Ms / r.MeanMs))
            .FirstOrDefault();
        var feed = plan.Endpoints.FirstOrDefault(e => e.Name == "feed") is { } f ? Ratio(f.Method, f.Route) : null;
        return [.. plan.Endpoints.Select(e => (Ratio(e.Method, e.Route) ?? feed) is { } ratio ? ServiceShape.FromTail(ratio) : ServiceShape.Exponential)];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
