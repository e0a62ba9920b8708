using Stadium.Chaos.Experiments;

namespace Stadium.Chaos.Rehearsal;

/// <summary>A fault step of the shipped matrix: the step as its file has it, and the file (<c>chaos/node-kill.yaml</c>).</summary>
public sealed record MatrixFault(string File, MethodStep Step);
