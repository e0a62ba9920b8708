using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Stadium.Lab.Scenarios;

/// <summary>Reads a scenario file; unknown keys are errors, so a typo never silently changes the load.</summary>
public static class ScenarioLoader
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
            throw new FormatException($"{source}: {e.Start.Line}:{e.Start.Column}: {(e.InnerException ?? e).Message}", e);
        }
    }

    public static async Task<ScenarioFile> LoadAsync(string path, CancellationToken ct) =>
        Parse(await File.ReadAllTextAsync(path, ct).ConfigureAwait(false), path);
}
