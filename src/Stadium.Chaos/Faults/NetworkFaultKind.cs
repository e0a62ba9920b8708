using System.Globalization;
using System.Text.Json.Nodes;
using Stadium.Chaos.Proxy;
using Stadium.Infra;
using Stadium.Infra.Chaos;

namespace Stadium.Chaos.Faults;

/// <summary>
/// A network fault on a dependency's proxy: the proxy's toxic <paramref name="type"/> with its attributes (defaults here,
/// each overridable by name), or, with no type, <c>down</c> (the proxy disabled). Target and attributes are checked here,
/// before anything is sent, by the proxy's own rules: a target without a proxy or a value the proxy would refuse is an
/// error of the command or the experiment file, not a fault that fails half-way.
/// </summary>
internal sealed class NetworkFaultKind(string name, string? type, IReadOnlyDictionary<string, double> defaults) : IFaultKind
{
    private static readonly string[] Streams = ["downstream", "upstream"];

    public string Name { get; } = name;

    public string Targets => "a dependency's proxy: primary, replica-N or redis (the data tier started with --chaos)";

    public IFault Create(FaultSpec spec, ChaosTarget target)
    {
        CheckTarget(spec, target);
        if (type is null)
        {
            spec.Takes();
            return new ToxicFault(spec, target, null);
        }

        var kind = ToxicKinds.Find(type);
        var takes = kind.Normalize([]).Select(a => a.Key).Concat(["stream", "toxicity"]).ToArray();
        spec.Takes(takes);
        var attributes = defaults.ToDictionary(d => d.Key, d => (object)spec.Number(d.Key, d.Value));
        // Attributes the kind has no default for (a loss mode, say) go to the proxy as given.
        foreach (var (key, value) in spec.Attributes.Where(a => !defaults.ContainsKey(a.Key) && a.Key is not ("stream" or "toxicity")))
        {
            attributes[key] = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : value;
        }

        Check(spec, kind, attributes);
        return new ToxicFault(spec, target, new ToxicShape(type, attributes));
    }

    /// <summary>The proxies the folder's data tier has (one per server, named as <see cref="ChaosRoutes"/> says).</summary>
    private void CheckTarget(FaultSpec spec, ChaosTarget target)
    {
        if (target.Infra?.Infra is not { Chaos: not null } infra)
        {
            throw new FaultException($"{Name}: the data tier in {target.DataDir} runs without a fault proxy: start it with `--chaos` for network faults");
        }

        var proxies = infra.Servers.Where(s => s.Kind != ServerRoles.ChaosProxyKind).Select(ChaosRoutes.For).ToList();
        if (!proxies.Contains(spec.Target, StringComparer.Ordinal))
        {
            throw new FaultException($"{Name}: no proxy named '{spec.Target}' in {target.DataDir}; there are: {string.Join(", ", proxies)}");
        }
    }

    /// <summary>The values, by the rules the proxy applies when the toxic is added (a 400 there is an error here).</summary>
    private void Check(FaultSpec spec, IToxicKind kind, Dictionary<string, object> attributes)
    {
        var stream = spec.Attribute("stream", "downstream");
        if (!Streams.Contains(stream, StringComparer.Ordinal))
        {
            throw new FaultException($"{Name}: attribute stream must be one of {string.Join(", ", Streams)}, not '{stream}'");
        }

        if (spec.Number("toxicity", 1) is < 0 or > 1)
        {
            throw new FaultException($"{Name}: attribute toxicity must be a number from 0 to 1, not {spec.Attribute("toxicity", "")}");
        }

        var json = new JsonObject();
        foreach (var (key, value) in attributes)
        {
            json[key] = value is double number ? JsonValue.Create(number) : JsonValue.Create((string)value);
        }

        try
        {
            kind.Normalize(json);
        }
        catch (ProxyApiException e)
        {
            throw new FaultException($"{Name}: {e.Message}");
        }
    }
}
