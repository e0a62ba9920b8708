namespace Stadium.Lab.Scenarios;

/// <param name="Mau">Replace the scenario's phases with the traffic derived from this many monthly active users.</param>
/// <param name="Duration">Phases without a duration get this; the whole run is capped at it.</param>
public sealed record PlanOverrides(string? Target, long? Mau, TimeSpan? Duration);
