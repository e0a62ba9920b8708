namespace Stadium.Chaos.Experiments;

/// <summary>One rollback as it ran: whether it did what it should (an http 2xx, a process exiting 0) and what happened.</summary>
public sealed record RollbackResult(string Name, bool Succeeded, string Detail);
