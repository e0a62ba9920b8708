using Stadium.Protection.Settings;
using YamlDotNet.RepresentationModel;

namespace Stadium.Protection.Slo;

/// <summary>
/// Reads an SLO file (slo.yaml). Every mistake is one <see cref="FormatException"/> naming the file, the line and the
/// key in the file's own terms ("slo.yaml:12: latency: p99 must be a duration like 50ms (got 'fast')"), and an unknown
/// key names the known one it most likely meant, so a typo never silently drops an objective.
/// </summary>
public static class SloFileParser
{
    /// <summary>How messages and metrics name the objectives a node uses without a file: the repository's slo.yaml, embedded.</summary>
    public const string BuiltInSource = "slo.yaml (built in)";

    private static readonly Lazy<SloObjectives> Embedded = new(() =>
    {
        using var stream = typeof(SloFileParser).Assembly.GetManifestResourceStream("Stadium.Protection.slo.yaml")
            ?? throw new InvalidOperationException("The built-in slo.yaml is missing from Stadium.Protection.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), BuiltInSource);
    });

    /// <summary>The repository's slo.yaml, built into the node: what a node started without --slo or Stadium:Slo:File uses.</summary>
    public static SloObjectives BuiltIn => Embedded.Value;

    /// <exception cref="FormatException">The file is missing, unreadable or wrong; the message names the file (and line).</exception>
    public static SloObjectives Load(string path) => Parse(YamlFile.ReadText(path, "the SLO file"), path);

    /// <param name="source">How messages name the file: its path as given.</param>
    /// <exception cref="FormatException">The first mistake, as "source:line: what is wrong".</exception>
    public static SloObjectives Parse(string text, string source)
    {
        if (YamlFile.Root(text, source) is not YamlMappingNode root || root.Children.Count == 0)
        {
            throw new FormatException($"{source}:1: an SLO file is a mapping with 'endpoints:' (and optionally 'defaults:' and 'staleness:')");
        }

        var reader = new SloFileReader(source);
        return reader.Read(root);
    }
}
