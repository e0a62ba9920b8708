namespace Stadium.Planning.Plan;

/// <summary>
/// One endpoint in the busy minute: its rates, what one core serves of it, how long a request stays (W of Little's
/// law), the requests in flight (L = λ x W) and the cores it keeps busy (rate / capacity per core).
/// </summary>
public sealed record EndpointPlan(
    string Name,
    string Method,
    string Route,
    Sourced Steady,
    Sourced Burst,
    Sourced BusyMinute,
    Sourced CapacityPerCore,
    Sourced LatencyMs,
    Sourced InFlight,
    Sourced Cores);
