namespace Stadium.Chaos.Experiments;

/// <summary>The hypothesis checked once (before, during a fault, after): met when every probe passed.</summary>
public sealed record HypothesisCheck(string When, DateTimeOffset At, IReadOnlyList<ProbeResult> Probes)
{
    public bool Passed => Probes.All(p => p.Passed);
}
