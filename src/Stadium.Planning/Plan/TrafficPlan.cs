namespace Stadium.Planning.Plan;

/// <summary>The traffic's totals: users, arrivals and the seed's Little's-law figure (4,000 req/s x 20 ms = 80).</summary>
public sealed record TrafficPlan(Sourced ActiveIn15Minutes, Sourced BurstUsersPerMinute, Sourced SteadyArrivalsPerSecond, Sourced BurstLoginsPerSecond, Sourced SteadyInFlight);
