namespace Stadium.Lab.Profiles;

/// <summary>
/// The rules of thumb of docs/capacity.md, each overridable (a scenario's <c>profile:</c>).
/// </summary>
/// <param name="ActiveShare">Share of MAU active in one 15-minute window (3 %).</param>
/// <param name="BurstShare">Share of those actives that log in and read their feed in the same 60 seconds (1/6).</param>
/// <param name="RequestsPerActiveUser">Requests one active user makes in a 15-minute window (120, which gives 4,000 req/s at 1M MAU).</param>
/// <param name="FeedReadsPerLogin">Feed reads that follow each login in the burst.</param>
/// <param name="ExpectedLatency">Typical latency used for Little's law (20 ms).</param>
/// <param name="LoginsPerActiveUser">Logins one active user makes in a 15-minute window outside the burst (1: the rest of the
/// window's requests reuse that session's tokens), so logins are this share of RequestsPerActiveUser in the steady traffic.</param>
internal sealed record MauRatios(
    double ActiveShare = 0.03,
    double BurstShare = 1.0 / 6,
    double RequestsPerActiveUser = 120,
    double FeedReadsPerLogin = 1,
    double ExpectedLatencyMs = 20,
    double LoginsPerActiveUser = 1)
{
    public static readonly TimeSpan ActiveWindow = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan BurstWindow = TimeSpan.FromSeconds(60);
}
