using Stadium.Lab.Execution;
using Stadium.Lab.Measurement;

namespace Stadium.Lab.Reports;

/// <summary>Folds a finished run's meters into <see cref="LoadResults"/>; the overall figures merge every endpoint's histogram.</summary>
internal static class ResultsBuilder
{
    /// <param name="cap">The run's duration cap: phases are planned as far as it reaches.</param>
    public static LoadResults Build(
        RunOutcome outcome, string mode, Uri target, DateTimeOffset startedAt, IReadOnlyList<string>? profile = null, long? ledgerEntries = null, TimeSpan? cap = null)
    {
        var seconds = outcome.Elapsed.TotalSeconds;
        var meters = outcome.Measurements.Meters.Where(m => m.Requests > 0).ToArray();
        var endpoints = new SortedDictionary<string, EndpointResult>(StringComparer.Ordinal);
        foreach (var meter in meters)
        {
            endpoints[meter.Name] = EndpointResult.From(
                meter.Definition.Method, meter.Definition.Route, meter.Requests, meter.Errors, seconds, meter.Corrected, meter.Service,
                meter.StatusCounts(), meter.ErrorKindCounts(), meter.BytesSent, meter.BytesReceived, meter.FailedCorrected, meter.ConnectionWait, meter.Shed, meter.Degraded);
        }

        var requests = meters.Sum(m => m.Requests);
        var errors = meters.Sum(m => m.Errors);
        var shed = meters.Sum(m => m.Shed);
        var degraded = meters.Sum(m => m.Degraded);
        var overall = EndpointResult.From(
            "*", "*", requests, errors, seconds,
            LatencyHistogram.Merge(meters.Select(m => m.Corrected)),
            LatencyHistogram.Merge(meters.Select(m => m.Service)),
            Sum(endpoints.Values.Select(e => e.StatusCodes)), Sum(endpoints.Values.Select(e => e.ErrorKinds)),
            meters.Sum(m => m.BytesSent), meters.Sum(m => m.BytesReceived),
            LatencyHistogram.Merge(meters.Select(m => m.FailedCorrected)),
            LatencyHistogram.Merge(meters.Select(m => m.ConnectionWait)), shed, degraded);
        var phases = PhaseResults.From(outcome, cap);
        var open = phases.Where(p => p.PlannedArrivals is not null).ToArray();
        var openSeconds = open.Sum(p => p.CappedSeconds);
        return new LoadResults
        {
            Mode = mode,
            Target = target.ToString(),
            StartedAt = startedAt,
            Requests = requests,
            Errors = errors,
            Shed = shed,
            Degraded = degraded,
            PlannedArrivals = open.Length == 0 ? null : open.Sum(p => p.PlannedArrivals!.Value),
            StartedIterations = outcome.Measurements.StartedIterations,
            StartedArrivals = open.Length == 0 ? null : open.Sum(p => p.Started),
            OfferedArrivalsPerSecond = open.Length == 0 || openSeconds <= 0 ? null : open.Sum(p => p.PlannedArrivals!.Value) / openSeconds,
            AchievedArrivalsPerSecond = open.Length == 0 || openSeconds <= 0 ? null : open.Sum(p => p.AchievedPerSecond * p.CappedSeconds) / openSeconds,
            PhaseRuns = phases,
            DurationSeconds = Math.Round(seconds, 3),
            RequestsPerSecond = seconds <= 0 ? 0 : requests / seconds,
            DroppedIterations = outcome.Measurements.DroppedIterations,
            BackedOffIterations = outcome.Measurements.BackedOffIterations,
            InterruptedIterations = outcome.Measurements.InFlight,
            FailedIterations = outcome.Measurements.FailedIterations,
            FirstIterationFailure = outcome.Measurements.FirstIterationFailure,
            BytesSent = overall.BytesSent,
            BytesReceived = overall.BytesReceived,
            Overall = overall,
            Endpoints = endpoints,
            Timeline = outcome.Measurements.Timeline,
            Phases = [.. outcome.Phases.Select(p => p.Describe())],
            PhaseMarks = outcome.Measurements.PhaseMarks,
            Profile = profile,
            LedgerEntries = ledgerEntries,
        };
    }

    private static SortedDictionary<string, long> Sum(IEnumerable<IReadOnlyDictionary<string, long>> parts)
    {
        var total = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            foreach (var (key, value) in part)
            {
                total[key] = total.GetValueOrDefault(key) + value;
            }
        }

        return total;
    }
}
