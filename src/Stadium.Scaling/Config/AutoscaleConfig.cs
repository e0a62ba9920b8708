namespace Stadium.Scaling.Config;

/// <summary>
/// A `stadium autoscale` config file, read and checked (<see cref="AutoscaleFileParser"/>).
/// </summary>
/// <param name="Source">The file's path as given, for messages.</param>
/// <param name="Interval">How often every target is evaluated (the HPA controller's sync period, 15 s).</param>
/// <param name="Window">What rates, quantiles and error shares are measured over.</param>
/// <param name="Tolerance">The HPA's tolerance: ratios within it of 1 change nothing (0.1).</param>
/// <param name="Data">Where decisions.jsonl is kept, and the local cluster's cluster.json is read.</param>
/// <param name="SloFile">The SLO file the latency signal reads objectives from; null: the built-in slo.yaml.</param>
public sealed record AutoscaleConfig(
    string Source, TimeSpan Interval, TimeSpan Window, double Tolerance, string Data, string? SloFile, IReadOnlyList<TargetSpec> Targets)
{
    public string DecisionsFile => Path.Combine(Data, "decisions.jsonl");
}
