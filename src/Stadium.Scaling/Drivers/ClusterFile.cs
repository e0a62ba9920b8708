using System.Text.Json;

namespace Stadium.Scaling.Drivers;

/// <summary>
/// The parts of a running cluster's `cluster.json` (written by the `up --cluster` supervisor, atomically) that the
/// autoscaler reads: the control API, the gateway, the limits and the nodes.
/// </summary>
internal sealed record ClusterFile(string ControlUrl, string? GatewayUrl, ClusterLimits? Limits, IReadOnlyList<ClusterNode> Nodes)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <exception cref="InvalidOperationException">No cluster runs there, or its file does not parse.</exception>
    public static async Task<ClusterFile> ReadAsync(string path, CancellationToken ct)
    {
        try
        {
            await using var stream = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync<ClusterFile>(stream, Json, ct)
                ?? throw new InvalidOperationException($"{path} is empty");
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"cannot read the cluster's state from {path} ({e.Message.TrimEnd('.')}); is `stadium up --cluster` running?", e);
        }
    }
}
