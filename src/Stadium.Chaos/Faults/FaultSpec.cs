namespace Stadium.Chaos.Faults;

/// <summary>
/// What to inject: a fault kind (<see cref="FaultKinds"/>), its target (api-2, worker-1, primary, replica-1, redis), how
/// long, and the kind's attributes (latency=200, share=0.5). <see cref="State"/> is what a started fault needs to undo
/// itself (the pids it froze, its hog's pid); it is saved with the fault in chaos-faults.json.
/// </summary>
public sealed record FaultSpec(string Kind, string Target, TimeSpan Duration, IReadOnlyDictionary<string, string> Attributes)
{
    /// <summary>Names this fault's toxic and hog, and its entry in chaos-faults.json.</summary>
    public string Id { get; init; } = Guid.NewGuid().ToString("n")[..12];

    public Dictionary<string, string> State { get; init; } = [];

    /// <summary>
    /// Refuses an attribute the kind does not take: a misspelt one (latencyy=500) would otherwise be ignored and the
    /// default used, and the run would inject a fault nobody asked for.
    /// </summary>
    public void Takes(params IReadOnlyCollection<string> names)
    {
        if (Attributes.Keys.FirstOrDefault(k => !names.Contains(k)) is { } key)
        {
            throw new FaultException(names.Count == 0
                ? $"{Kind} takes no attributes, so not '{key}'"
                : $"{Kind} takes no attribute '{key}'; it takes: {string.Join(", ", names)}");
        }
    }

    public string Attribute(string name, string fallback) => Attributes.TryGetValue(name, out var value) ? value : fallback;

    public double Number(string name, double fallback) =>
        Attributes.TryGetValue(name, out var text)
            ? double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new FaultException($"{Kind}: attribute {name}={text} is not a number")
            : fallback;
}
