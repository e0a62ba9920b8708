namespace Stadium.Lab.Execution;

/// <param name="IntendedTimestamp">When the schedule wanted this iteration to start (TimeProvider timestamp).</param>
/// <param name="VirtualUser">The closed model's user number (0-based), or -1 for an open-model arrival.</param>
/// <param name="Worker">
/// The executor's worker slot (closed model: the user number; open model: the pool worker, 0 .. MaxInFlight - 1).
/// A slot runs at most one iteration at a time, so a workload can give each slot its own connection.
/// </param>
internal readonly record struct IterationContext(long IntendedTimestamp, int VirtualUser, int Worker);
