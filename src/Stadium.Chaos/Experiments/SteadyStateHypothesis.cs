namespace Stadium.Chaos.Experiments;

/// <summary>What "working" means for this system: every probe within its tolerance.</summary>
public sealed record SteadyStateHypothesis(string Title, IReadOnlyList<Probe> Probes);
