namespace Stadium.Planning.Simulate;

/// <summary>One node's tick: core-seconds served, the share of the tick's arrivals shed, the backlog's wait in seconds, CPU utilisation.</summary>
internal readonly record struct QueueStep(double Served, double ShedShare, double Delay, double Utilization);
