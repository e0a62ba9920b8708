namespace Stadium.Planning.Plan;

/// <summary>One endpoint's arrivals per second: in the busy quarter hour's steady traffic, in the 60-second burst on
/// top of it, and together (the busy minute, which the plan sizes for).</summary>
public sealed record EndpointRates(string Name, string Method, string Route, Sourced Steady, Sourced Burst, Sourced BusyMinute);
