using Stadium.Protection.Slo;

namespace Stadium.Planning.Simulate;

/// <summary>
/// One endpoint as the simulator serves it: its CPU time per request on one core (1 / the plan's capacity per core),
/// the shape of its service time, its SLO objective (null: none in the SLO file, so it counts only for shedding) and
/// its share of the steady traffic (how a trace of total arrivals is split).
/// </summary>
internal sealed record EndpointModel(string Name, string Method, string Route, double CostSeconds, ServiceShape Shape, EndpointObjective? Objective, double SteadyShare);
