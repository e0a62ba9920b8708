namespace Stadium.Chaos.Experiments;

/// <summary>One fault of the method: <see cref="Fault"/> (its kind) on <see cref="Target"/>, from <see cref="At"/> after the load starts, for <see cref="Duration"/>.</summary>
public sealed record MethodStep(string Fault, string Target, TimeSpan At, TimeSpan Duration, IReadOnlyDictionary<string, string> Attributes, int Line)
{
    public string Describe => $"{Fault} {Target} at {At.TotalSeconds:0.#}s for {Duration.TotalSeconds:0.#}s";
}
