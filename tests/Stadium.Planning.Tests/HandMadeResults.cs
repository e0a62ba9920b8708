using System.Text.Json;
using Stadium.Lab.Reports;
using Stadium.Planning.Plan;

namespace Stadium.Planning.Tests;

/// <summary>Small results files written by hand, as `stadium load url` writes them, for examples worked on paper.</summary>
internal static class HandMadeResults
{
    /// <summary>A closed max-rate run of one endpoint (the node saturated) at <paramref name="perSecond"/> over 10 s.</summary>
    public static string Write(string folder, string method, string route, double perSecond, double meanServiceMs = 5, string mode = "url (closed, max rate, raw engine)")
    {
        var requests = (long)(perSecond * 10);
        var endpoint = Endpoint(method, route, requests, perSecond, meanServiceMs);
        var results = new LoadResults
        {
            Mode = mode,
            Target = "http://127.0.0.1:18090" + route,
            StartedAt = DateTimeOffset.Parse("2026-12-03T05:15:00Z", System.Globalization.CultureInfo.InvariantCulture),
            Requests = requests,
            Errors = 0,
            DurationSeconds = 10,
            RequestsPerSecond = perSecond,
            DroppedIterations = 0,
            BytesSent = 0,
            BytesReceived = 0,
            Overall = endpoint,
            Endpoints = new Dictionary<string, EndpointResult> { ["url"] = endpoint },
            Timeline = [],
            Phases = ["url: constant-users, up to 64 users over 10 s, think 0-0 ms"],
        };
        var path = Path.Combine(folder, $"{method}-{route.Replace('/', '_')}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(results, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        return path;
    }

    public static ResultsInput Load(string path) => ResultsFiles.Load(path);

    private static EndpointResult Endpoint(string method, string route, long requests, double perSecond, double meanMs) => new()
    {
        Method = method,
        Route = route,
        Requests = requests,
        Errors = 0,
        ErrorRate = 0,
        RequestsPerSecond = perSecond,
        P50Ms = meanMs,
        P90Ms = meanMs,
        P95Ms = meanMs,
        P99Ms = meanMs,
        P999Ms = meanMs,
        MaxMs = meanMs,
        MeanMs = meanMs,
        UncorrectedP50Ms = meanMs,
        UncorrectedP90Ms = meanMs,
        UncorrectedP95Ms = meanMs,
        UncorrectedP99Ms = meanMs,
        UncorrectedP999Ms = meanMs,
        UncorrectedMaxMs = meanMs,
        UncorrectedMeanMs = meanMs,
        StatusCodes = new Dictionary<string, long> { ["200"] = requests },
        ErrorKinds = new Dictionary<string, long>(),
        BytesSent = 0,
        BytesReceived = 0,
    };
}
