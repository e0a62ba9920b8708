using System.Text.Json;

namespace Stadium.Planning.Simulate;

/// <summary>
/// results.json of `stadium simulate --out`: the inputs (MAU, trace, seed, node shape, bounds, notes, endpoints) and,
/// per policy, its outcome with the scale events and the slot series (camelCase).
/// </summary>
internal static class SimulationJson
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task WriteAsync(SimulationResults results, string path, CancellationToken ct)
    {
        var setup = results.Setup;
        var document = new
        {
            mau = setup.Mau,
            trace = setup.Trace.Name,
            seconds = setup.Trace.Seconds,
            seed = setup.Seed,
            slotSeconds = setup.SlotSeconds,
            node = new
            {
                cores = setup.Shape.Cores,
                memoryBytes = setup.Shape.MemoryBytes,
                startupSeconds = setup.Shape.Startup.TotalSeconds,
                drainSeconds = setup.Shape.Drain.TotalSeconds,
                queueDeadlineMs = setup.Shape.QueueDeadline.TotalMilliseconds,
            },
            minNodes = setup.MinNodes,
            maxNodes = setup.MaxNodes,
            notes = setup.Notes,
            endpoints = setup.Endpoints.Select(e => new
            {
                e.Name,
                e.Method,
                e.Route,
                cpuMsPerRequest = e.CostSeconds * 1000,
                p99OverMean = e.Shape.Shift + (e.Shape.Scale * -Math.Log(0.01)),
                objectiveMs = e.Objective?.Latency.TotalMilliseconds,
                percentile = e.Objective?.Percentile,
                e.SteadyShare,
            }),
            policies = results.Outcomes,
            regions = results.Regions,
            summary = SimulationTable.Summary(results),
        };
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        await using var stream = File.Create(path);
        await JsonSerializer.SerializeAsync(stream, document, Json, ct);
    }
}
