using System.Text.Json;
using System.Text.Json.Serialization;

namespace Stadium.Planning.Plan;

/// <summary>plan.json: the plan in camelCase, indented, its keys in the order of <see cref="CapacityPlan"/>.</summary>
public static class PlanJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string Serialize(CapacityPlan plan) => JsonSerializer.Serialize(plan, Options);

    public static async Task WriteAsync(CapacityPlan plan, string path, CancellationToken ct)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        await File.WriteAllTextAsync(path, Serialize(plan) + "\n", ct).ConfigureAwait(false);
    }
}
