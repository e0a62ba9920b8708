namespace Stadium.Planning.Simulate;

/// <summary>
/// One region's cost of a remote primary (docs/planning.md, "Regions"): the latency a write adds (its round trips to
/// the primary), the replica's lag, the share of reads that read-your-writes sends to the primary and what that adds to
/// the mean read, and the share of reads that would see a stale value if reads always went to the local replica.
/// </summary>
internal sealed record RegionCost(
    string Region,
    double UserShare,
    double RttMs,
    double WriteAddedMs,
    double ReplicaLagMs,
    double ReadsToPrimaryPercent,
    double MeanReadAddedMs,
    double StaleReadsWithoutRywPercent);
