namespace Stadium.Gateway.Dashboard;

/// <summary>
/// One snapshot of the fleet, what the page draws at x = <see cref="At"/>. Rates are per second over the time since each
/// node's previous scrape (a node's first scrape adds no rates, only its gauges); latencies are over the same window,
/// from the nodes' request-duration histograms merged. A figure no node reported is null, never zero.
/// </summary>
/// <param name="Seq">Increases by one per snapshot: the SSE stream's event id and the snapshot API's cursor.</param>
/// <param name="GatewayRequestsPerSecond">Requests through this gateway (its own metrics), null when it serves none.</param>
/// <param name="ErrorsPerSecond">Answers 500 and above other than 503, from the nodes, plus the gateway's own 502 and 504.</param>
/// <param name="ShedPerSecond">503 answers (a node's load shedder, or a dependency it could not reach).</param>
/// <param name="RateLimitedPerSecond">429 answers.</param>
/// <param name="JobsDepth">Jobs waiting, all types (the queue is shared: the largest any node reports).</param>
/// <param name="ReplicaLagSeconds">The most any replica is behind, in time, as the nodes see it.</param>
/// <param name="Decisions">The autoscaler's decisions read since the previous snapshot.</param>
internal sealed record FleetSecond(
    long Seq,
    DateTimeOffset At,
    double RequestsPerSecond,
    double? GatewayRequestsPerSecond,
    double ErrorsPerSecond,
    double ShedPerSecond,
    double RateLimitedPerSecond,
    double? P50Ms,
    double? P95Ms,
    double? P99Ms,
    double? CacheHitRatio,
    double? JobsDepth,
    double? JobsOldestAgeSeconds,
    double? ReplicaLagSeconds,
    IReadOnlyList<EndpointSecond> Endpoints,
    IReadOnlyList<BreakerSecond> Breakers,
    IReadOnlyList<NodeSecond> Nodes,
    IReadOnlyList<ScalingDecision> Decisions);
