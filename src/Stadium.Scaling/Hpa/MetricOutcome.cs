namespace Stadium.Scaling.Hpa;

/// <summary>One metric's reading this round: the signal's name, its target and what it proposed.</summary>
public sealed record MetricOutcome(string Signal, MetricTarget Target, MetricProposal Proposal);
