using System.Globalization;
using System.Text;

namespace Stadium.Planning.Simulate;

/// <summary>
/// Renders the simulated processes' /metrics as the Prometheus text exposition the real ones serve, with their metric
/// names and labels, so the autoscaler's scraper and signals read them unchanged. The gateway's request series carry
/// node="fleet" rather than one series per node: every signal sums them over nodes, and a day of a large fleet would
/// otherwise parse millions of lines.
/// </summary>
internal static class MetricsText
{
    public const string AllNodes = "fleet";

    public static string Gateway(GatewayCounters gateway)
    {
        var text = new StringBuilder();
        text.Append("# TYPE stadium_gateway_requests_total counter\n");
        foreach (var route in gateway.Routes)
        {
            Line(text, "stadium_gateway_requests_total", Labels(route.Route, ("code", "200")), route.Ok);
            Line(text, "stadium_gateway_requests_total", Labels(route.Route, ("code", "503")), route.Shed);
        }

        text.Append("# TYPE stadium_gateway_request_duration_seconds histogram\n");
        foreach (var route in gateway.Routes)
        {
            for (var b = 0; b < GatewayCounters.Bounds.Length; b++)
            {
                Line(text, "stadium_gateway_request_duration_seconds_bucket", Labels(route.Route, ("le", Number(GatewayCounters.Bounds[b]))), route.Buckets[b]);
            }

            Line(text, "stadium_gateway_request_duration_seconds_bucket", Labels(route.Route, ("le", "+Inf")), route.Count);
            Line(text, "stadium_gateway_request_duration_seconds_sum", Labels(route.Route), route.Sum);
            Line(text, "stadium_gateway_request_duration_seconds_count", Labels(route.Route), route.Count);
        }

        text.Append("# TYPE stadium_gateway_in_flight gauge\n");
        foreach (var (node, inFlight) in gateway.InFlight)
        {
            Line(text, "stadium_gateway_in_flight", $"node=\"{node}\"", inFlight);
        }

        return text.ToString();
    }

    public static string Node(SimNode node, FleetShape shape)
    {
        var text = new StringBuilder();
        text.Append("# TYPE dotnet_process_cpu_time_seconds_total counter\n");
        Line(text, "dotnet_process_cpu_time_seconds_total", "cpu_mode=\"user\"", node.CpuSeconds);
        text.Append("# TYPE dotnet_process_memory_working_set_bytes gauge\n");
        Line(text, "dotnet_process_memory_working_set_bytes", null, shape.WorkingSetBytes);
        text.Append("# TYPE stadium_memory_budget_bytes gauge\n");
        Line(text, "stadium_memory_budget_bytes", null, shape.BudgetBytes);
        text.Append("# TYPE stadium_memory_pressure gauge\n");
        Line(text, "stadium_memory_pressure", null, 0);
        return text.ToString();
    }

    private static string Labels(string route, params (string Key, string Value)[] more) =>
        $"route=\"{route}\",node=\"{AllNodes}\"" + string.Concat(more.Select(m => $",{m.Key}=\"{m.Value}\""));

    private static void Line(StringBuilder text, string name, string? labels, double value)
    {
        text.Append(name);
        if (labels is not null)
        {
            text.Append('{').Append(labels).Append('}');
        }

        text.Append(' ').Append(Number(value)).Append('\n');
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
