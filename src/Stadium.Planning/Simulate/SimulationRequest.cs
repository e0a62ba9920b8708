using Stadium.Planning.Plan;

namespace Stadium.Planning.Simulate;

/// <summary>
/// What `stadium simulate` was asked: the plan's inputs (MAU, results files, SLO file, journey mix, assumptions), the
/// trace (a built-in name or a CSV file), and the overrides of the fleet's shape and bounds (null: derived).
/// </summary>
/// <param name="Mau">Null only with a trace file of total arrivals (then the endpoint mix is the 1M plan's).</param>
/// <param name="NodeCapacity">Arrivals per second (of the trace's total) one node serves at full CPU: rescales every
/// endpoint's cost, for calibrating against a measured node.</param>
/// <param name="ColdFactor">A node's CPU per request when it becomes ready, as a multiple of a warm node's (1: no cold start).</param>
/// <param name="ColdSeconds">The time constant in which that extra decays.</param>
public sealed record SimulationRequest(
    long? Mau,
    PlanInputs Inputs,
    string Trace,
    double? NodeCores = null,
    double? NodeCapacity = null,
    int? MinNodes = null,
    int? MaxNodes = null,
    int? InitialNodes = null,
    TimeSpan? Startup = null,
    TimeSpan? Drain = null,
    int Seed = 1,
    double ColdFactor = 1,
    double ColdSeconds = 0);
