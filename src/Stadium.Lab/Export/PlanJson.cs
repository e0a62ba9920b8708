using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Stadium.Lab.Journeys;
using Stadium.Lab.Thresholds;

namespace Stadium.Lab.Export;

/// <summary>
/// The plan both script runtimes read, as JSON (a JavaScript expression as it is; a string Python's json module reads):
/// the scenario's numbers in one place at the top of the script, where a user tunes them. The same plan gives the same
/// bytes: fixed key order, the registry's action order, numbers in their shortest round-trip form.
/// </summary>
internal static class PlanJson
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(ExportPlan plan)
    {
        var load = plan.Load;
        var journey = new StadiumJourneyOptions(load.Target, load.Population, load.Password, load.ZipfExponent, load.Mix, load.PhaseMixes, load.PostBodies, null,
            FeedReadsPerLogin: load.FeedReadsPerLogin);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("scenario", load.Name);
            json.WriteString("source", plan.Source);
            json.WriteString("target", load.Target.ToString().TrimEnd('/'));
            json.WriteString("mode", load.IsJourney ? "journeys" : "requests");
            json.WriteNumber("requestTimeoutSeconds", load.RequestTimeout.TotalSeconds);
            json.WriteNumber("connections", load.Connections);
            if (load.IsJourney)
            {
                json.WriteNumber("population", load.Population);
                json.WriteString("password", load.Password);
                json.WriteNumber("zipfExponent", load.ZipfExponent);
                json.WriteNumber("freshStride", plan.FreshStride);
                json.WriteNumber("pageSize", journey.PageSize);
                json.WriteNumber("maxPagesPerVisit", journey.MaxPagesPerVisit);
                json.WriteNumber("feedReadsPerLogin", journey.FeedReadsPerLogin);
                json.WriteStartObject("postBodies");
                json.WriteNumber("minChars", load.PostBodies.MinChars);
                json.WriteNumber("medianChars", load.PostBodies.MedianChars);
                json.WriteNumber("maxChars", load.PostBodies.MaxChars);
                json.WriteNumber("sigma", load.PostBodies.Sigma);
                json.WriteEndObject();
                WriteStrings(json, "expectShed", ExpectShed(load.ExpectShed, StadiumEndpoints.Login.Name));
                json.WriteString("ledger", plan.Ledger);
            }
            else
            {
                WriteStrings(json, "expectShed", ExpectShed(load.ExpectShed, null));
                WriteRequests(json, plan);
            }

            json.WriteStartArray("phases");
            foreach (var phase in plan.Phases)
            {
                WritePhase(json, phase);
            }

            json.WriteEndArray();
            json.WriteStartArray("thresholds");
            foreach (var threshold in plan.Thresholds)
            {
                WriteThreshold(json, threshold);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Login sheds are expected on every journey run (the lab's login endpoint says so); the scenario adds its own.</summary>
    private static List<string> ExpectShed(IReadOnlyList<string>? declared, string? always) =>
        [.. (always is null ? [] : new[] { always }).Concat(declared ?? []).Distinct(StringComparer.Ordinal)];

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static void WriteRequests(Utf8JsonWriter json, ExportPlan plan)
    {
        json.WriteStartArray("requests");
        foreach (var request in plan.Load.Requests ?? [])
        {
            json.WriteStartObject();
            json.WriteString("name", request.Name);
            json.WriteString("method", request.Method.ToUpperInvariant());
            json.WriteString("url", request.Url);
            json.WriteStartObject("headers");
            foreach (var (name, value) in request.Headers)
            {
                json.WriteString(name, value);
            }

            json.WriteEndObject();
            json.WriteString("body", request.Body);
            json.WriteNumber("weight", request.Weight);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WritePhase(Utf8JsonWriter json, ExportPhase phase)
    {
        json.WriteStartObject();
        json.WriteString("name", phase.Name);
        json.WriteString("executor", phase.Executor);
        json.WriteBoolean("open", phase.IsOpen);
        json.WriteNumber("startSeconds", phase.StartSeconds);
        json.WriteNumber("durationSeconds", phase.DurationSeconds);
        json.WriteNumber("start", phase.Start);
        json.WriteStartArray("stages");
        foreach (var stage in phase.Stages)
        {
            json.WriteStartObject();
            json.WriteNumber("seconds", stage.Duration.TotalSeconds);
            json.WriteNumber("target", stage.Target);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("maxInFlight", phase.MaxInFlight);
        json.WriteNumber("thinkMinSeconds", phase.Think.Min.TotalSeconds);
        json.WriteNumber("thinkMaxSeconds", phase.Think.Max.TotalSeconds);
        if (phase.Mix is { } mix)
        {
            json.WriteStartObject("mix");
            foreach (var (action, weight) in mix)
            {
                json.WriteNumber(action, weight);
            }

            json.WriteEndObject();
        }

        if (phase.Accounts is { } accounts)
        {
            // One line: a closed phase may have thousands of users.
            json.WritePropertyName("accounts");
            json.WriteRawValue("[" + string.Join(", ", accounts) + "]");
        }

        json.WriteEndObject();
    }

    private static void WriteThreshold(Utf8JsonWriter json, Threshold threshold)
    {
        json.WriteStartObject();
        json.WriteString("expression", threshold.Expression);
        json.WriteString("endpoint", threshold.Scope);
        json.WriteString("metric", MetricName(threshold.Metric));
        json.WriteNumber("percentile", threshold.Percentile);
        json.WriteString("comparison", ComparisonText(threshold.Comparison));
        json.WriteNumber("limit", Limit(threshold));
        json.WriteEndObject();
    }

    /// <summary>A threshold's limit without the noise of binary fractions (an error budget of 1 - 0.999 is 0.001).</summary>
    public static double Limit(Threshold threshold) => Math.Round(threshold.Limit, 12);

    public static string MetricName(ThresholdMetric metric) => metric switch
    {
        ThresholdMetric.Percentile => "percentile",
        ThresholdMetric.Max => "max",
        ThresholdMetric.Mean => "mean",
        ThresholdMetric.ErrorRate => "errorRate",
        ThresholdMetric.ErrorCount => "errorCount",
        ThresholdMetric.RequestsPerSecond => "rps",
        _ => "requests",
    };

    public static string ComparisonText(Comparison comparison) => comparison switch
    {
        Comparison.Less => "<",
        Comparison.LessOrEqual => "<=",
        Comparison.Greater => ">",
        _ => ">=",
    };
}
