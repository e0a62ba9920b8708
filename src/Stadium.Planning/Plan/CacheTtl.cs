namespace Stadium.Planning.Plan;

/// <summary>A cache's lifetime, bounded by its staleness budget in the SLO file.</summary>
public sealed record CacheTtl(string Cache, string Budget, Sourced BudgetSeconds, Sourced TtlSeconds);
