namespace Stadium.Chaos.Faults;

/// <summary>The proxy's toxic type behind a network fault and its attributes (numbers, as the proxy API takes them).</summary>
internal sealed record ToxicShape(string Type, IReadOnlyDictionary<string, object> Attributes);
