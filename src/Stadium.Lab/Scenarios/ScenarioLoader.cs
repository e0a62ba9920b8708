using System.Text.RegularExpressions;
using Stadium.Protection.Settings;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Stadium.Lab.Scenarios;

/// <summary>
/// Reads a scenario file; unknown keys are errors, so a typo never silently changes the load. Every mistake is reported
/// by key and line in the file's own terms (<see cref="ScenarioShapeCheck"/>), prefixed with the file's name.
/// </summary>
public static partial class ScenarioLoader
{
    private static readonly IDeserializer Reader = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    public static ScenarioFile Parse(string text, string source = "scenario")
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            ScenarioShapeCheck.Check(stream);
            return Reader.Deserialize<ScenarioFile>(text);
        }
        catch (YamlException e)
        {
            throw new FormatException($"{source}: line {e.Start.Line}: {Readable((e.InnerException ?? e).Message)}", e);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{source}: {e.Message}", e);
        }
    }

    /// <summary>
    /// What the YAML reader says about text that is not YAML at all (a tab, an unclosed quote), without the .NET type
    /// names its deserializer would add for a shape the check above let through.
    /// </summary>
    private static string Readable(string message) => TypeName().Replace(message, "this value").TrimEnd('.');

    [GeneratedRegex(@"'?(System|Stadium)\.[\w.`\[\]]+(, [\w.]+, Version=[^,]+, Culture=[^,]+, PublicKeyToken=\w+)?'?")]
    private static partial Regex TypeName();

    /// <exception cref="FormatException">The path is a folder, or the file is not a scenario; the message says why.</exception>
    public static async Task<ScenarioFile> LoadAsync(string path, CancellationToken ct)
    {
        InputFile.RefuseFolder(path, "the scenario");
        return Parse(await File.ReadAllTextAsync(path, ct).ConfigureAwait(false), path);
    }
}
