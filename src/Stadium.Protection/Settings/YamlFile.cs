using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Stadium.Protection.Settings;

/// <summary>
/// Opening a YAML file the way Stadium's readers report it (the SLO file, the autoscaler's config): every problem is one
/// <see cref="FormatException"/> starting with the file's name, and a syntax error with its line ("slo.yaml:3: ...").
/// </summary>
public static partial class YamlFile
{
    /// <summary>The file's text.</summary>
    /// <param name="what">How the message names the file: "the SLO file".</param>
    public static string ReadText(string path, string what)
    {
        InputFile.RefuseFolder(path, what);
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"{path}: cannot read {what} ({e.Message.TrimEnd('.')})", e);
        }
    }

    /// <summary>The first document's root node, or null when the text holds none.</summary>
    /// <param name="source">How messages name the file: its path as given.</param>
    public static YamlNode? Root(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new FormatException($"{source}:{e.Start.Line}: {YamlWords().Replace((e.InnerException ?? e).Message, "").Trim().TrimEnd('.')}", e);
        }

        return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
    }

    /// <summary>The YAML reader's position prefix ("(Line: 3, Col: 1, Idx: 20) - (...): "), which the file:line prefix replaces.</summary>
    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):")]
    private static partial Regex YamlWords();
}
