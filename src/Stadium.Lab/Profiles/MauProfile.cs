namespace Stadium.Lab.Profiles;

/// <summary>
/// Traffic derived from monthly active users: the 15-minute active set, the 60-second login/feed burst,
/// the steady request rate, and the concurrency Little's law says that rate needs.
/// </summary>
internal sealed record MauProfile(
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

    /// <summary>Logins per second in the steady traffic: each active user signs in <see cref="MauRatios.LoginsPerActiveUser"/> times a window.</summary>
    public double SteadyLoginsPerSecond => ActiveUsers * Ratios.LoginsPerActiveUser / MauRatios.ActiveWindow.TotalSeconds;

    /// <summary>The share of steady arrivals that are logins (app openings); the others reuse a session's tokens.</summary>
    public double SteadyLoginShare => SteadyRequestsPerSecond <= 0 ? 0 : Math.Min(1, SteadyLoginsPerSecond / SteadyRequestsPerSecond);

    public IEnumerable<string> Describe()
    {
        yield return $"MAU                                  {Mau:N0}";
        yield return $"active in a 15-minute window ({Ratios.ActiveShare:P1})   {ActiveUsers:N0} users";
        yield return $"same 60-second login/feed burst ({Ratios.BurstShare:P1} of them)   {BurstUsers:N0} users = {BurstLoginsPerSecond:N1} logins/s, {BurstRequestsPerSecond:N1} req/s with {Ratios.FeedReadsPerLogin:0.#} feed read(s) each";
        yield return $"steady rate ({Ratios.RequestsPerActiveUser:0} requests per active user per 15 min)   {SteadyRequestsPerSecond:N1} req/s";
        yield return $"steady logins ({Ratios.LoginsPerActiveUser:0.##} per active user per 15 min, {SteadyLoginShare:P2} of steady arrivals)   {SteadyLoginsPerSecond:N1} logins/s; the rest reuse their session";
        yield return $"in flight (Little's law, {Ratios.ExpectedLatencyMs:0} ms)   steady {SteadyInFlight:N1}, burst {BurstInFlight:N1}";
    }
}
