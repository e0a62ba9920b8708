namespace Stadium.Chaos.Rehearsal;

/// <summary>One gate of the rehearsal's verdict: its name, whether it held, and the figure it was judged on.</summary>
public sealed record RehearsalGate(string Name, bool Met, string Figure);
