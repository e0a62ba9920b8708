namespace Stadium.Planning.Plan;

/// <summary>Redis memory: home timelines, the posts and profiles of the shared cache level, and maxmemory with headroom.</summary>
public sealed record RedisPlan(Sourced TimelinesMb, Sourced PostsMb, Sourced ProfilesMb, Sourced LiveMb, Sourced MaxMemoryMb, string MaxMemory);
