using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Stadium.Gateway.Dashboard;

/// <summary>
/// Follows the autoscaler's decisions.jsonl (one JSON object per line, appended): each read returns the whole lines
/// added since the previous one. A line still being written (no newline yet) waits for the next read; a file that
/// shrank was replaced by a new cluster and is read from its start; a line that is not a decision is skipped.
/// </summary>
internal sealed class DecisionLog
{
    private string? _path;
    private long _offset;

    public IReadOnlyList<ScalingDecision> ReadNew(string? path)
    {
        if (path != _path)
        {
            _path = path;
            _offset = 0;
        }

        if (path is null || !File.Exists(path))
        {
            _offset = 0;
            return [];
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length < _offset)
            {
                _offset = 0;
            }

            stream.Position = _offset;
            var bytes = new byte[stream.Length - _offset];
            stream.ReadExactly(bytes);
            var complete = Array.LastIndexOf(bytes, (byte)'\n') + 1;
            _offset += complete;
            return Encoding.UTF8.GetString(bytes, 0, complete)
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(Parse)
                .OfType<ScalingDecision>()
                .ToList();
        }
        catch (IOException)
        {
            return [];
        }
    }

    private static ScalingDecision? Parse(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !DateTimeOffset.TryParse(Text(root, "at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                return null;
            }

            return new ScalingDecision(
                at,
                Text(root, "target") ?? "api",
                Number(root, "current"),
                Number(root, "desired"),
                root.TryGetProperty("applied", out var applied) ? applied.Clone() : null,
                Text(root, "signal"),
                Text(root, "reason"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : null;
}
