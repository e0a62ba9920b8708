namespace Stadium.Chaos.Experiments;

/// <summary>The hypothesis before the method (null when the run stopped first), during each fault, and after the load.</summary>
public sealed record HypothesisResults(HypothesisCheck? Before, IReadOnlyList<HypothesisCheck> During, HypothesisCheck? After);
