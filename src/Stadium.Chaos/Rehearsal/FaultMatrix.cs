using Stadium.Chaos.Experiments;

namespace Stadium.Chaos.Rehearsal;

/// <summary>
/// The failure matrix the rehearsal draws its faults from: every fault step of the experiments shipped in chaos/ (built
/// into this assembly, so the rehearsal runs from any folder). Experiments without a fault (the login storm) add none:
/// the rehearsal's own burst is its login storm.
/// </summary>
internal static class FaultMatrix
{
    private const string ResourcePrefix = "Stadium.Chaos.matrix.";

    public static IReadOnlyList<MatrixFault> Shipped()
    {
        var assembly = typeof(FaultMatrix).Assembly;
        var faults = new List<MatrixFault>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            var file = "chaos/" + name[ResourcePrefix.Length..];
            var experiment = ExperimentFileParser.Parse(reader.ReadToEnd(), file);
            faults.AddRange(experiment.Method.Select(step => new MatrixFault(file, step)));
        }

        return faults;
    }
}
