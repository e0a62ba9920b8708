using System.Text.Json;
using System.Text.Json.Serialization;
using Stadium.Lab.Reports;

namespace Stadium.Planning.Plan;

/// <summary>
/// Reads the load lab's results files (results.json of `stadium load run|url`), and the ones the default plan uses,
/// committed under bench/capacity/ and built into this assembly so `stadium plan` needs no checkout.
/// </summary>
public static class ResultsFiles
{
    /// <summary>How the built-in inputs are named in sources: the path they were committed at.</summary>
    public const string BuiltInFolder = "bench/capacity/";

    private const string ResourcePrefix = "Stadium.Planning.capacity.";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="FormatException">Not a results file; the message names the file.</exception>
    public static ResultsInput Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such results file", path);
        }

        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>The committed inputs of the default plan, by name.</summary>
    public static IReadOnlyList<ResultsInput> BuiltIn()
    {
        var assembly = typeof(ResultsFiles).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                return Read(stream, BuiltInFolder + n[ResourcePrefix.Length..]);
            })];
    }

    private static ResultsInput Read(Stream stream, string name)
    {
        LoadResults? results;
        try
        {
            results = JsonSerializer.Deserialize<LoadResults>(stream, Json);
        }
        catch (JsonException e)
        {
            // The reader's own message quotes the text and names .NET types ("could not be converted to System.Double"): line and key say it.
            var at = e.Path is { Length: > 1 } key ? $"at {key}" : "at the top";
            throw new FormatException($"{name}:{(e.LineNumber ?? 0) + 1}: not a results file of `stadium load` (not JSON, or the wrong kind of value {at})", e);
        }

        if (results?.Endpoints is not { Count: > 0 } || results.DurationSeconds <= 0)
        {
            throw new FormatException($"{name}: a results file of `stadium load` with at least one endpoint and a duration");
        }

        return new ResultsInput(name, results);
    }
}
