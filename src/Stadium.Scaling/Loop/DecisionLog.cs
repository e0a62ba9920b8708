using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Stadium.Scaling.Loop;

/// <summary>
/// Keeps every decision: appended as one JSON line to decisions.jsonl (camelCase, the shape the dashboard and
/// `cluster status` read), logged, and the last <see cref="Kept"/> held in memory for GET /decisions.
/// </summary>
internal sealed class DecisionLog(string path, ILogger<DecisionLog> logger)
{
    public const int Kept = 500;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly LinkedList<Decision> _recent = new();
    private readonly SemaphoreSlim _write = new(1, 1);

    public IReadOnlyList<Decision> Recent
    {
        get
        {
            lock (_recent)
            {
                return _recent.ToList();
            }
        }
    }

    public async Task AppendAsync(Decision decision, CancellationToken ct)
    {
        lock (_recent)
        {
            _recent.AddLast(decision);
            if (_recent.Count > Kept)
            {
                _recent.RemoveFirst();
            }
        }

        logger.LogInformation("{Target}: {Current} -> {Desired} ({Applied}) by {Signal}: {Reason}",
            decision.Target, decision.Current, decision.Desired, decision.Applied ? "applied" : "not applied", decision.Signal, decision.Reason);
        var line = JsonSerializer.Serialize(decision, Json) + "\n";
        await _write.WaitAsync(ct);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await File.AppendAllTextAsync(path, line, ct);
        }
        finally
        {
            _write.Release();
        }
    }
}
