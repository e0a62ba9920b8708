namespace Stadium.Lab.Dashboard;

/// <summary>One endpoint in one second of the live view (rates per second of the bucket's length; latencies of successful answers, corrected).</summary>
/// <param name="Group">The latency panel it is drawn in (auth, reads, writes, or its own name).</param>
internal sealed record DashboardEndpoint(
    string Name, string Group, double RequestsPerSecond, long Errors, long Shed, double P50Ms, double P95Ms, double P99Ms, double ServiceP99Ms);
