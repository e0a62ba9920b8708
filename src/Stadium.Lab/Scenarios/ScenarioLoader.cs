using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Stadium.Lab.Scenarios;

/// <summary>Reads a scenario file; unknown keys are errors, so a typo never silently changes the load.</summary>
public static partial class ScenarioLoader
{
    private static readonly IDeserializer Reader = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    public static ScenarioFile Parse(string text, string source = "scenario")
    {
        try
        {
            return Reader.Deserialize<ScenarioFile?>(text) ?? new ScenarioFile();
        }
        catch (YamlException e)
        {
            throw new FormatException($"{source}: {e.Start.Line}:{e.Start.Column}: {Readable((e.InnerException ?? e).Message)}", e);
        }
    }

    /// <summary>
    /// YamlDotNet names the type it wanted with its assembly ("System.String, System.Private.CoreLib, Version=10.0.0.0,
    /// Culture=neutral, PublicKeyToken=..."): noise to someone who wrote a list where a word belongs.
    /// </summary>
    private static string Readable(string message) => AssemblyQualification().Replace(message, "");

    [GeneratedRegex(@", [\w.]+, Version=[^,]+, Culture=[^,]+, PublicKeyToken=\w+")]
    private static partial Regex AssemblyQualification();

    public static async Task<ScenarioFile> LoadAsync(string path, CancellationToken ct) =>
        Parse(await File.ReadAllTextAsync(path, ct).ConfigureAwait(false), path);
}
