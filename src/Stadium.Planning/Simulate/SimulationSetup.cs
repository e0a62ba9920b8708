using Stadium.Protection.Slo;

namespace Stadium.Planning.Simulate;

/// <summary>
/// Everything a simulated run is made of, the same for every policy compared: the endpoints with their costs and
/// objectives, the node shape, the trace, the replica bounds for built-in policies, the nodes at the start, the seed, the
/// SLO slot length, how each number was chosen (<see cref="Notes"/>, printed above the table), and the
/// steady writes per active user (what the regions' arithmetic needs).
/// </summary>
internal sealed record SimulationSetup(
    long? Mau,
    IReadOnlyList<EndpointModel> Endpoints,
    FleetShape Shape,
    ITrafficTrace Trace,
    int MinNodes,
    int MaxNodes,
    int? InitialNodes,
    int Seed,
    int SlotSeconds,
    SloObjectives Slo,
    IReadOnlyList<string> Notes,
    double WritesPerActiveUserPerSecond);
