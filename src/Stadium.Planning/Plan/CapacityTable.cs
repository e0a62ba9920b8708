using Stadium.Lab.Journeys;
using Stadium.Lab.Measurement;
using Stadium.Lab.Reports;

namespace Stadium.Planning.Plan;

/// <summary>
/// Requests per second one core serves, per endpoint, from the lab's results files: measured where a closed
/// max-rate run (`stadium load url` without --rate: the node saturated) covers the endpoint, derived from the
/// service time where only an open or journey run does (its mean service time counted as CPU of one core: a floor),
/// and a default otherwise (reads as the measured feed, writes and logins from bench/RESULTS.md).
/// </summary>
internal static class CapacityTable
{
    public static IReadOnlyDictionary<string, Sourced> Build(IReadOnlyList<ResultsInput> files, PlanAssumptions assume)
    {
        var cores = assume.Get("serverCores");
        var table = new Dictionary<string, Sourced>(StringComparer.Ordinal);
        foreach (var endpoint in StadiumEndpoints.All)
        {
            if (Measured(endpoint, files, cores) is { } measured)
            {
                table[endpoint.Name] = measured;
            }
        }

        foreach (var endpoint in StadiumEndpoints.All.Where(e => !table.ContainsKey(e.Name)))
        {
            table[endpoint.Name] = FromServiceTime(endpoint, files) ?? Fallback(endpoint, table, assume);
        }

        return table;
    }

    private static Sourced? Measured(EndpointDefinition endpoint, IReadOnlyList<ResultsInput> files, Sourced cores)
    {
        Sourced? best = null;
        foreach (var (file, key, result) in Results(endpoint, files))
        {
            if (!file.Results.Mode.Contains("closed", StringComparison.Ordinal) || result.Requests <= result.Errors)
            {
                continue;
            }

            var served = result.RequestsPerSecond * (1 - result.ErrorRate);
            var perCore = served / cores.Value;
            if (best is null || perCore > best.Value)
            {
                best = Sourced.Measured(perCore, $"{file.Name}: endpoints.{key}.requestsPerSecond {Sourced.Format(result.RequestsPerSecond)}"
                    + $" x (1 - errorRate {result.ErrorRate:0.####}) / {cores.Text()} server core(s) ({cores.Kind}: {cores.How})");
            }
        }

        return best;
    }

    private static Sourced? FromServiceTime(EndpointDefinition endpoint, IReadOnlyList<ResultsInput> files)
    {
        foreach (var (file, key, result) in Results(endpoint, files))
        {
            if (result.UncorrectedMeanMs > 0 && result.Requests > result.Errors)
            {
                return Sourced.Derived(1000 / result.UncorrectedMeanMs,
                    $"1000 ms / {file.Name}: endpoints.{key}.uncorrectedMeanMs {Sourced.Format(result.UncorrectedMeanMs, 2)} (service time counted as one core's CPU: a floor)");
            }
        }

        return null;
    }

    private static Sourced Fallback(EndpointDefinition endpoint, Dictionary<string, Sourced> table, PlanAssumptions assume)
    {
        if (endpoint == StadiumEndpoints.Login)
        {
            return assume.Get("loginsPerCore");
        }

        if (endpoint.Method != "GET")
        {
            return assume.Get("writesPerCore");
        }

        return table.TryGetValue(StadiumEndpoints.Feed.Name, out var feed) && feed.Kind != Sourced.DefaultKind
            ? Sourced.Derived(feed.Value, $"as GET /v1/feed, a cached read like it ({feed.Text()}/core)")
            : assume.Get("readsPerCore");
    }

    private static IEnumerable<(ResultsInput File, string Key, EndpointResult Result)> Results(EndpointDefinition endpoint, IReadOnlyList<ResultsInput> files) =>
        from file in files
        from pair in file.Results.Endpoints
        where pair.Value.Method.Equals(endpoint.Method, StringComparison.OrdinalIgnoreCase) && RouteMatch.Matches(endpoint.Route, pair.Value.Route)
        select (file, pair.Key, pair.Value);
}
