using Stadium.Chaos.Experiments;
using Stadium.Chaos.Rehearsal;
using Stadium.Lab.Measurement;
using Stadium.Lab.Reports;
using Stadium.Scaling.Loop;

namespace Stadium.Chaos.Tests.Rehearsal;

/// <summary>What a rehearsal finds, made by hand for the verdict's tests: a load of feed reads, faults, writes, jobs, decisions.</summary>
internal static class VerdictInputs
{
    public static readonly DateTimeOffset LoadStart = new(2026, 12, 4, 18, 0, 0, TimeSpan.Zero);

    /// <summary>A feed read load of <paramref name="p99Ms"/> per second (GET /v1/feed's objective in slo.yaml is p99 within 50 ms).</summary>
    public static LoadResults Load(IReadOnlyList<double> p99Ms, IReadOnlyDictionary<string, long>? statuses = null, long errorsPerSecond = 0)
    {
        var timeline = p99Ms.Select((p99, i) => new SecondBucket(i + 1, 100, errorsPerSecond, 5, p99, p99, p99,
            new Dictionary<string, EndpointSecond> { ["feed"] = new(100, errorsPerSecond, 5, p99) { P95Ms = p99 } })).ToList();
        var requests = 100L * p99Ms.Count;
        var feed = Endpoint(requests, statuses ?? new Dictionary<string, long> { ["200"] = requests });
        return new LoadResults
        {
            Mode = "journeys (rehearsal)",
            Target = "http://127.0.0.1:1/",
            StartedAt = LoadStart,
            Requests = requests,
            Errors = errorsPerSecond * p99Ms.Count,
            DurationSeconds = p99Ms.Count,
            RequestsPerSecond = 100,
            DroppedIterations = 0,
            BytesSent = 0,
            BytesReceived = 0,
            Overall = feed,
            Endpoints = new Dictionary<string, EndpointResult> { ["feed"] = feed },
            Timeline = timeline,
            Phases = ["steady"],
        };
    }

    public static FaultOutcome Fault(double fromSeconds, double toSeconds, double? recoverySeconds, string? error = null) =>
        new("down", "primary", $"proxy primary down at {fromSeconds:0}s", LoadStart.AddSeconds(fromSeconds), LoadStart.AddSeconds(toSeconds))
        {
            RecoverySeconds = recoverySeconds,
            Error = error,
        };

    public static WritesVerdict Writes(long lost = 0) => new("ledger.jsonl", 500, lost, 3, 2, 5, 2, 3, 0, 0);

    public static ChaosResults Findings(LoadResults? load, IReadOnlyList<FaultOutcome> faults, WritesVerdict? writes, JobsVerdict? jobs, bool interrupted = false) => new()
    {
        Experiment = "rehearsal",
        Source = "stadium rehearse",
        Target = "http://127.0.0.1:1/",
        StartedAt = LoadStart.AddSeconds(-5),
        Passed = true,
        Interrupted = interrupted,
        Hypothesis = new HypothesisResults(new HypothesisCheck("before", LoadStart, [new ProbeResult("profile-answers", true, "200 in 3 ms")]), [], null),
        Faults = faults,
        Writes = writes,
        Jobs = jobs,
        Load = load,
    };

    public static AutoscalerRecord Autoscaler(params (int From, int To, bool Applied)[] scales)
    {
        var decisions = new List<Decision>
        {
            Round(10, 2, 2, true, "holding 2: within tolerance"),
            Round(25, 2, 2, true, "holding 2: within tolerance"),
        };
        decisions.AddRange(scales.Select((s, i) => Round(40 + (15 * i), s.From, s.To, s.Applied, $"latency 180 against target 100 proposes {s.To} (largest proposal)")));
        return new AutoscalerRecord(decisions.Count, decisions, null);
    }

    public static RehearsalPlan Plan() => RehearsalPlan.Create(1_000_000, TimeSpan.FromSeconds(60), 100, RehearsalShape.Default);

    public static FaultPick Pick() => new(7, [], [], TimeSpan.FromSeconds(15));

    private static Decision Round(double atSeconds, int current, int desired, bool applied, string reason) =>
        new(LoadStart.AddSeconds(atSeconds), "api", current, desired, applied, "latency", reason, new Dictionary<string, SignalInput>(), desired);

    private static EndpointResult Endpoint(long requests, IReadOnlyDictionary<string, long> statuses) => new()
    {
        Method = "GET",
        Route = "/v1/feed",
        Requests = requests,
        Errors = 0,
        ErrorRate = 0,
        RequestsPerSecond = 100,
        P50Ms = 5,
        P90Ms = 10,
        P95Ms = 20,
        P99Ms = 40,
        P999Ms = 60,
        MaxMs = 80,
        MeanMs = 7,
        UncorrectedP50Ms = 5,
        UncorrectedP90Ms = 10,
        UncorrectedP95Ms = 20,
        UncorrectedP99Ms = 40,
        UncorrectedP999Ms = 60,
        UncorrectedMaxMs = 80,
        UncorrectedMeanMs = 7,
        StatusCodes = statuses,
        ErrorKinds = new Dictionary<string, long>(),
        BytesSent = 0,
        BytesReceived = 0,
    };
}
