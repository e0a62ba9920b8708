namespace Stadium.Lab.Profiles;

/// <summary>
/// The rules of thumb of DESIGN.md section 1, each overridable.
/// </summary>
/// <param name="ActiveShare">Share of MAU active in one 15-minute window (3 %).</param>
/// <param name="BurstShare">Share of those actives that log in and read their feed in the same 60 seconds (1/6).</param>
/// <param name="RequestsPerActiveUser">Requests one active user makes in a 15-minute window (120, which gives 4,000 req/s at 1M MAU).</param>
/// <param name="FeedReadsPerLogin">Feed reads that follow each login in the burst.</param>
/// <param name="ExpectedLatency">Typical latency used for Little's law (20 ms).</param>
public sealed record MauRatios(
    double ActiveShare = 0.03,
    double BurstShare = 1.0 / 6,
    double RequestsPerActiveUser = 120,
    double FeedReadsPerLogin = 1,
    double ExpectedLatencyMs = 20)
{
    public static readonly TimeSpan ActiveWindow = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan BurstWindow = TimeSpan.FromSeconds(60);
}

/// <summary>
/// Traffic derived from monthly active users: the 15-minute active set, the 60-second login/feed burst,
/// the steady request rate, and the concurrency Little's law says that rate needs.
/// </summary>
public sealed record MauProfile(
    long Mau,
    MauRatios Ratios,
    double ActiveUsers,
    double BurstUsers,
    double BurstLoginsPerSecond,
    double BurstRequestsPerSecond,
    double SteadyRequestsPerSecond,
    double SteadyInFlight,
    double BurstInFlight)
{
    public static MauProfile Derive(long mau, MauRatios? ratios = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(mau);
        var r = ratios ?? new MauRatios();
        var active = mau * r.ActiveShare;
        var burst = active * r.BurstShare;
        var logins = burst / MauRatios.BurstWindow.TotalSeconds;
        var burstRequests = logins * (1 + r.FeedReadsPerLogin);
        var steady = active * r.RequestsPerActiveUser / MauRatios.ActiveWindow.TotalSeconds;
        var latencySeconds = r.ExpectedLatencyMs / 1000;
        return new MauProfile(mau, r, active, burst, logins, burstRequests, steady, steady * latencySeconds, burstRequests * latencySeconds);
    }

    public IEnumerable<string> Describe()
    {
        yield return $"MAU                                  {Mau:N0}";
        yield return $"active in a 15-minute window ({Ratios.ActiveShare:P1})   {ActiveUsers:N0} users";
        yield return $"same 60-second login/feed burst ({Ratios.BurstShare:P1} of them)   {BurstUsers:N0} users = {BurstLoginsPerSecond:N1} logins/s, {BurstRequestsPerSecond:N1} req/s with {Ratios.FeedReadsPerLogin:0.#} feed read(s) each";
        yield return $"steady rate ({Ratios.RequestsPerActiveUser:0} requests per active user per 15 min)   {SteadyRequestsPerSecond:N1} req/s";
        yield return $"in flight (Little's law, {Ratios.ExpectedLatencyMs:0} ms)   steady {SteadyInFlight:N1}, burst {BurstInFlight:N1}";
    }
}
