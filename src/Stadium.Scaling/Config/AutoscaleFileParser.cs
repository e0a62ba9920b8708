using Stadium.Protection.Settings;
using YamlDotNet.RepresentationModel;

namespace Stadium.Scaling.Config;

/// <summary>
/// Reads a `stadium autoscale` config file: YAML in the shape of an HPA v2 spec (per target: minReplicas, maxReplicas,
/// metrics with targets, behavior) plus the driver that scales it. Every mistake is one <see cref="FormatException"/>
/// naming the file, the line and the key ("autoscale.yaml:12: targets[0].metrics[1].target.averageUtilization must be
/// a number above 0 (got 'high')"); an unknown key or name names the known one it most likely meant.
/// </summary>
public static class AutoscaleFileParser
{
    /// <exception cref="FormatException">The file is missing, unreadable or wrong.</exception>
    public static AutoscaleConfig Load(string path) => Parse(YamlFile.ReadText(path, "the autoscaler's config file"), path);

    public static AutoscaleConfig Parse(string text, string source)
    {
        if (YamlFile.Root(text, source) is not YamlMappingNode root || root.Children.Count == 0)
        {
            throw new FormatException($"{source}:1: the autoscaler's config is a mapping with 'targets:' (and optionally interval, window, tolerance, data, slo)");
        }

        return new AutoscaleFileReader(source).Read(root);
    }
}
