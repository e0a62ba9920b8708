using Stadium.Lab.Execution;

namespace Stadium.Lab.Executors;

/// <summary>What every executor reads from a scenario phase the same way, already checked.</summary>
/// <param name="Duration">The phase's duration, or the run's default when the phase gives none (ramps use their stages instead).</param>
/// <param name="MaxInFlight">Open model: iterations allowed in flight; 0 for the closed model.</param>
internal sealed record PhaseSettings(string Name, TimeSpan Duration, ThinkTime Think, TimeSpan GracefulStop, int MaxInFlight);
