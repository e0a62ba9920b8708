using Stadium.Protection.Settings;
using YamlDotNet.RepresentationModel;

namespace Stadium.Chaos.Experiments;

/// <summary>
/// Reads an experiment file (YAML in Chaos Toolkit's shape; docs/chaos.md). Every mistake is one
/// <see cref="FormatException"/> naming the file, the line and the key ("chaos/node-kill.yaml:12: method[0].at must be
/// a duration like 30s or 2m (got 'soon')"), before anything starts.
/// </summary>
public static class ExperimentFileParser
{
    /// <exception cref="FormatException">The file is missing, unreadable or wrong.</exception>
    public static Experiment Load(string path) => Parse(YamlFile.ReadText(path, "the experiment file"), path);

    public static Experiment Parse(string text, string source)
    {
        if (YamlFile.Root(text, source) is not YamlMappingNode root || root.Children.Count == 0)
        {
            throw new FormatException($"{source}:1: an experiment is a mapping with 'title:', 'steady-state-hypothesis:' and 'method:'");
        }

        return new ExperimentFileReader(source).Read(root);
    }
}
