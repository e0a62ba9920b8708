using Stadium.Lab.Measurement;
using Stadium.Lab.Reports;

namespace Stadium.Lab.Dashboard;

/// <summary>One closed second as the live page draws it: where it ended in the run, its phase, rates and latencies.</summary>
/// <param name="EndSeconds">When the bucket ended, in seconds since the run started (the x of its points).</param>
internal sealed record DashboardSecond(
    int Second,
    double EndSeconds,
    string? Phase,
    long Requests,
    double RequestsPerSecond,
    double ErrorsPerSecond,
    double ShedPerSecond,
    double P50Ms,
    double P99Ms,
    double ServiceP99Ms,
    IReadOnlyList<DashboardEndpoint> Endpoints)
{
    public static DashboardSecond From(SecondBucket bucket, double endSeconds)
    {
        var length = bucket.DurationSeconds <= 0 ? 1 : bucket.DurationSeconds;
        return new DashboardSecond(
            bucket.Second, Math.Round(endSeconds, 3), bucket.Phase, bucket.Requests, bucket.RequestsPerSecond, bucket.ErrorsPerSecond, bucket.Shed / length,
            bucket.P50Ms, bucket.P99Ms, bucket.ServiceP99Ms,
            [.. bucket.Endpoints.Select(e => new DashboardEndpoint(
                e.Key, EndpointGroups.Of(e.Key), e.Value.Requests / length, e.Value.Errors, e.Value.Shed,
                e.Value.P50Ms, e.Value.P95Ms, e.Value.P99Ms, e.Value.ServiceP99Ms))]);
    }
}
