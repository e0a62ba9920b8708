using Stadium.Lab.Measurement;

namespace Stadium.Lab.Execution;

/// <summary>What happened: the measurements plus the wall-clock time the phases took.</summary>
internal sealed record RunOutcome(LoadMeasurements Measurements, TimeSpan Elapsed, IReadOnlyList<PhasePlan> Phases);
