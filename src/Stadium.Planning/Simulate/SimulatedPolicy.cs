using Stadium.Scaling.Config;

namespace Stadium.Planning.Simulate;

/// <summary>
/// An autoscaling policy to simulate: a `stadium autoscale` config file, read by the autoscaler's own parser, and the
/// target in it that scales API nodes (the one named api, else the first). <see cref="BuiltIn"/> policies keep their
/// metrics and behaviour but take their replica bounds from the simulation (their files' bounds are this machine's).
/// </summary>
internal sealed record SimulatedPolicy(string Name, string Source, AutoscaleConfig Config, TargetSpec Target, bool BuiltIn)
{
    private const string ResourcePrefix = "Stadium.Planning.policies.";

    /// <summary>The built-in policies by name, and the repository file each is a copy of.</summary>
    public static readonly IReadOnlyDictionary<string, string> Known = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["cpu"] = "scaling/policies/cpu.yaml",
        ["stadium"] = "scaling/autoscale.yaml",
    };

    /// <summary>Reads <paramref name="nameOrPath"/>: cpu, stadium, or an autoscale config file.</summary>
    /// <exception cref="FormatException">The file is missing or wrong (the parser's message, with file and line).</exception>
    public static SimulatedPolicy Load(string nameOrPath)
    {
        if (Known.TryGetValue(nameOrPath, out var file))
        {
            var text = ReadBuiltIn(nameOrPath);
            var config = AutoscaleFileParser.Parse(text, $"{file} (built in)");
            return new SimulatedPolicy(nameOrPath, $"{file} (built in)", config, ApiTarget(config), BuiltIn: true);
        }

        if (!File.Exists(nameOrPath))
        {
            throw new FormatException($"{nameOrPath}: no such policy file (a policy is {string.Join(", ", Known.Keys)} or a `stadium autoscale` config file)");
        }

        var loaded = AutoscaleFileParser.Load(nameOrPath);
        return new SimulatedPolicy(Path.GetFileNameWithoutExtension(nameOrPath), nameOrPath, loaded, ApiTarget(loaded), BuiltIn: false);
    }

    /// <summary>This policy with its target's replica bounds set.</summary>
    public SimulatedPolicy WithBounds(int min, int max) => this with { Target = Target with { MinReplicas = min, MaxReplicas = Math.Max(min, max) } };

    private static TargetSpec ApiTarget(AutoscaleConfig config) =>
        config.Targets.FirstOrDefault(t => t.Name == "api") ?? config.Targets[0];

    private static string ReadBuiltIn(string name)
    {
        using var stream = typeof(SimulatedPolicy).Assembly.GetManifestResourceStream(ResourcePrefix + name + ".yaml")
            ?? throw new InvalidOperationException($"the built-in policy {name} is missing from the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
