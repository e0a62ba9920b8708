using System.Text.Json;

namespace Stadium.Gateway.Destinations;

/// <summary>
/// The api nodes of a cluster.json (written by <c>stadium up --cluster</c>, atomically: temp file then rename): those in
/// state <c>active</c> take requests, <c>draining</c> ones keep only what they have; <c>starting</c> ones and the other
/// roles are not destinations.
/// </summary>
internal static class ClusterFileReader
{
    public const string Active = "active";
    public const string Draining = "draining";

    /// <summary>The nodes, or null when the file is missing or cannot be read as a cluster file right now.</summary>
    public static IReadOnlyList<NodeEntry>? TryRead(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream);
            if (!document.RootElement.TryGetProperty("nodes", out var nodes) || nodes.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var entries = new List<NodeEntry>();
            foreach (var node in nodes.EnumerateArray())
            {
                var role = Text(node, "role");
                var state = Text(node, "state");
                if (role != "api" || Text(node, "name") is not { Length: > 0 } name || Text(node, "url") is not { Length: > 0 } url
                    || state is not (Active or Draining))
                {
                    continue;
                }

                entries.Add(new NodeEntry(name, url, state == Draining));
            }

            return entries;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement node, string property) =>
        node.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
