namespace Stadium.Lab.Measurement;

/// <summary>A phase's start: when (from the run's start) and the run's iteration counters at that moment.</summary>
internal sealed record PhaseStart(int Index, TimeSpan At, long Started, long Dropped, long BackedOff);
