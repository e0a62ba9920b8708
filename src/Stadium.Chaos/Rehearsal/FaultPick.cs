namespace Stadium.Chaos.Rehearsal;

/// <summary>
/// The faults a rehearsal runs, each a matrix step at its drawn offset (from the start of the load) with its duration, and
/// one line for each step of the matrix the cluster's shape cannot take.
/// </summary>
public sealed record FaultPick(int Seed, IReadOnlyList<MatrixFault> Faults, IReadOnlyList<string> Skipped, TimeSpan Gap);
