namespace Stadium.Lab.Top;

/// <summary>What one refresh of <c>stadium top</c> shows, and what <c>--json</c> prints (keys documented in docs/fleet.md).</summary>
/// <param name="Source">node (the API's own request metrics) or gateway (stadium_gateway_*).</param>
internal sealed record TopTable(
    string Target, string Source, DateTimeOffset At, double IntervalSeconds, double RequestsPerSecond, IReadOnlyList<TopRow> Endpoints);
