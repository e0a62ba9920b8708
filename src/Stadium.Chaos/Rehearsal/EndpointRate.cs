namespace Stadium.Chaos.Rehearsal;

/// <summary>
/// One endpoint in the MAU's busy minute as `stadium plan` derives it (<see cref="BusyMinute"/> requests a second, steady
/// and burst together; <see cref="CapacityPerCore"/> from the measured results), and that rate divided by the scale.
/// </summary>
public sealed record EndpointRate(string Name, double Steady, double BusyMinute, double CapacityPerCore, double Scaled);
