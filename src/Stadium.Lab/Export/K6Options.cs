using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Stadium.Lab.Thresholds;

namespace Stadium.Lab.Export;

/// <summary>
/// k6's <c>options</c>: one k6 scenario per phase with the executor of the same name (the lab's executors are k6's),
/// started when the phases before it have run, and the thresholds on the metrics k6 keeps per endpoint tag.
/// </summary>
internal static partial class K6Options
{
    /// <summary>k6 rates are whole numbers per time unit: a fractional rate is given per 10, 100 or 1,000 s.</summary>
    private static readonly int[] TimeUnits = [1, 10, 100, 1000];

    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(ExportPlan plan)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteStartObject("scenarios");
            var names = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < plan.Phases.Count; i++)
            {
                var name = ScenarioName(plan.Phases[i].Name, i, names);
                json.WriteStartObject(name);
                WriteScenario(json, plan.Phases[i], i);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteStartObject("thresholds");
            foreach (var group in plan.Thresholds.GroupBy(MetricKey))
            {
                json.WriteStartArray(group.Key);
                foreach (var threshold in group)
                {
                    json.WriteStringValue(Condition(threshold));
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
            json.WriteStartArray("summaryTrendStats");
            foreach (var stat in (string[])["avg", "min", "med", "max", "p(90)", "p(95)", "p(99)"])
            {
                json.WriteStringValue(stat);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Whether some phase's rate is not a whole number per second (the header says how it was given).</summary>
    public static bool HasFractionalRates(ExportPlan plan) => plan.Phases.Any(p => p.IsOpen && TimeUnit(p) > 1);

    private static void WriteScenario(Utf8JsonWriter json, ExportPhase phase, int index)
    {
        var ramping = phase.Executor.StartsWith("ramping", StringComparison.Ordinal);
        if (phase.IsOpen)
        {
            var unit = TimeUnit(phase);
            json.WriteString("executor", ramping ? "ramping-arrival-rate" : "constant-arrival-rate");
            if (ramping)
            {
                json.WriteNumber("startRate", Math.Round(phase.Start * unit));
            }
            else
            {
                json.WriteNumber("rate", Math.Round(phase.Stages[0].Target * unit));
                json.WriteString("duration", Duration(phase.DurationSeconds));
            }

            json.WriteString("timeUnit", $"{unit}s");

            // A quarter of the peak rate covers answers up to 250 ms at the peak; k6 adds VUs up to maxVUs when it needs
            // them, and drops arrivals beyond (dropped_iterations), as the lab drops them beyond maxInFlight.
            json.WriteNumber("preAllocatedVUs", Math.Clamp((int)Math.Ceiling(phase.Peak / 4), 1, phase.MaxInFlight));
            json.WriteNumber("maxVUs", phase.MaxInFlight);
        }
        else
        {
            json.WriteString("executor", ramping ? "ramping-vus" : "constant-vus");
            if (ramping)
            {
                json.WriteNumber("startVUs", Math.Round(phase.Start));
            }
            else
            {
                json.WriteNumber("vus", Math.Round(phase.Stages[0].Target));
                json.WriteString("duration", Duration(phase.DurationSeconds));
            }
        }

        if (ramping)
        {
            json.WriteStartArray("stages");
            foreach (var stage in phase.Stages)
            {
                json.WriteStartObject();
                json.WriteString("duration", Duration(stage.Duration.TotalSeconds));
                json.WriteNumber("target", Math.Round(stage.Target * (phase.IsOpen ? TimeUnit(phase) : 1)));
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteString("startTime", Duration(phase.StartSeconds));
        json.WriteString("gracefulStop", Duration(phase.GracefulStop.TotalSeconds));
        json.WriteStartObject("env");
        json.WriteString("STADIUM_PHASE", index.ToString(CultureInfo.InvariantCulture));
        json.WriteEndObject();
        json.WriteStartObject("tags");
        json.WriteString("phase", phase.Name);
        json.WriteEndObject();
    }

    private static int TimeUnit(ExportPhase phase)
    {
        var rates = phase.Stages.Select(s => s.Target).Append(phase.Start).ToArray();
        return TimeUnits.FirstOrDefault(unit => rates.All(r => Math.Abs((r * unit) - Math.Round(r * unit)) < 1e-9), TimeUnits[^1]);
    }

    /// <summary>k6's duration syntax: whole seconds as "3s", anything finer in milliseconds.</summary>
    private static string Duration(double seconds)
    {
        var ms = Math.Round(seconds * 1000);
        return ms % 1000 == 0 ? $"{(ms / 1000).ToString(CultureInfo.InvariantCulture)}s" : $"{ms.ToString(CultureInfo.InvariantCulture)}ms";
    }

    /// <summary>k6 scenario names are letters, digits, '-' and '_'; two phases of the same name get their index.</summary>
    private static string ScenarioName(string phase, int index, HashSet<string> taken)
    {
        var name = NotAllowed().Replace(phase, "_");
        if (name.Length == 0 || !taken.Add(name))
        {
            name = $"{name}_{(index + 1).ToString(CultureInfo.InvariantCulture)}";
            taken.Add(name);
        }

        return name;
    }

    [GeneratedRegex("[^A-Za-z0-9_-]")]
    private static partial Regex NotAllowed();

    /// <summary>The k6 metric a threshold is on, narrowed to the endpoint's tag unless it is for all of them.</summary>
    private static string MetricKey(Threshold threshold)
    {
        var metric = threshold.Metric switch
        {
            ThresholdMetric.Percentile or ThresholdMetric.Max or ThresholdMetric.Mean => "http_req_duration",
            ThresholdMetric.ErrorRate => "http_req_failed",
            ThresholdMetric.ErrorCount => "stadium_errors",
            _ => "http_reqs",
        };
        return threshold.Scope == Threshold.AllScope ? metric : $"{metric}{{endpoint:{threshold.Scope}}}";
    }

    private static string Condition(Threshold threshold)
    {
        var aggregate = threshold.Metric switch
        {
            ThresholdMetric.Percentile => $"p({threshold.Percentile.ToString(CultureInfo.InvariantCulture)})",
            ThresholdMetric.Max => "max",
            ThresholdMetric.Mean => "avg",
            ThresholdMetric.ErrorRate or ThresholdMetric.RequestsPerSecond => "rate",
            _ => "count",
        };
        return aggregate + PlanJson.ComparisonText(threshold.Comparison) + PlanJson.Limit(threshold).ToString(CultureInfo.InvariantCulture);
    }
}
