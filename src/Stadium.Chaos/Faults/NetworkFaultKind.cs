using System.Globalization;

namespace Stadium.Chaos.Faults;

/// <summary>
/// A network fault on a dependency's proxy: the proxy's toxic <paramref name="type"/> with its attributes (defaults here,
/// each overridable by name), or, with no type, <c>down</c> (the proxy disabled).
/// </summary>
internal sealed class NetworkFaultKind(string name, string? type, IReadOnlyDictionary<string, double> defaults) : IFaultKind
{
    public string Name { get; } = name;

    public string Targets => "a dependency's proxy: primary, replica-N, redis or smtp (the data tier started with --chaos)";

    public IFault Create(FaultSpec spec, ChaosTarget target)
    {
        if (type is null)
        {
            return new ToxicFault(spec, target, null);
        }

        var attributes = defaults.ToDictionary(d => d.Key, d => (object)spec.Number(d.Key, d.Value));
        // Attributes the kind has no default for (a loss mode, say) go to the proxy as given.
        foreach (var (key, value) in spec.Attributes.Where(a => !defaults.ContainsKey(a.Key) && a.Key is not ("stream" or "toxicity")))
        {
            attributes[key] = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : value;
        }

        return new ToxicFault(spec, target, new ToxicShape(type, attributes));
    }
}
