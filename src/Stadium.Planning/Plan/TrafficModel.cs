using Stadium.Lab.Journeys;
using Stadium.Lab.Profiles;

namespace Stadium.Planning.Plan;

/// <summary>
/// From MAU to each endpoint's requests per second, with the load lab's own math (<see cref="MauProfile"/>): MAU x
/// activeShare active in 15 minutes, x burstShare opening the app in one minute; the steady arrivals split by the
/// journey mix (app openings at their own share), each action making its requests; the burst adding a login and its
/// feed reads per app opening; token refreshes at one per active user per token lifetime.
/// </summary>
internal sealed class TrafficModel
{
    private readonly PlanAssumptions _assume;
    private readonly JourneyWeights _journey;

    public TrafficModel(long mau, PlanAssumptions assume, JourneyWeights journey)
    {
        _assume = assume;
        _journey = journey;
        Profile = MauProfile.Derive(mau, new MauRatios(
            ActiveShare: assume["activeShare"],
            BurstShare: assume["burstShare"],
            RequestsPerActiveUser: assume["requestsPerActiveUser"],
            FeedReadsPerLogin: assume["feedReadsPerLogin"],
            ExpectedLatencyMs: assume["expectedLatencyMs"],
            LoginsPerActiveUser: assume["loginsPerActiveUser"]));
        var ratios = assume.Get("activeShare");
        ActiveUsers = Sourced.Derived(Profile.ActiveUsers, $"MAU {mau:N0} x activeShare {ratios.Value:0.####} ({ratios.Kind})");
        var burst = assume.Get("burstShare");
        BurstUsers = Sourced.Derived(Profile.BurstUsers, $"activeIn15Minutes {Profile.ActiveUsers:N0} x burstShare {burst.Value:0.####} ({burst.Kind})");
        SteadyArrivals = Sourced.Derived(Profile.SteadyRequestsPerSecond,
            $"activeIn15Minutes {Profile.ActiveUsers:N0} x requestsPerActiveUser {assume["requestsPerActiveUser"]:0.##} / 900 s");
        BurstLogins = Sourced.Derived(Profile.BurstLoginsPerSecond, $"burstUsersPerMinute {Profile.BurstUsers:N0} / 60 s");
        var latency = assume.Get("expectedLatencyMs");
        SteadyInFlight = Sourced.Derived(LittlesLaw.InFlight(Profile.SteadyRequestsPerSecond, latency.Value),
            $"Little's law: {Profile.SteadyRequestsPerSecond:N1} req/s x {latency.Value:0.##} ms ({latency.Kind}: expectedLatencyMs)");
        Endpoints = Rates();
    }

    public MauProfile Profile { get; }

    public Sourced ActiveUsers { get; }

    public Sourced BurstUsers { get; }

    public Sourced SteadyArrivals { get; }

    public Sourced BurstLogins { get; }

    /// <summary>The steady arrivals in flight at the typical latency: the seed's 4,000 req/s x 20 ms = 80.</summary>
    public Sourced SteadyInFlight { get; }

    public IReadOnlyList<EndpointRates> Endpoints { get; }

    private List<EndpointRates> Rates()
    {
        var steady = new Dictionary<string, (double Rate, List<string> Terms)>(StringComparer.Ordinal);
        void Add(string endpoint, double rate, string term)
        {
            var entry = steady.TryGetValue(endpoint, out var e) ? e : (0, []);
            entry.Terms.Add(term);
            steady[endpoint] = (entry.Rate + rate, entry.Terms);
        }

        var loginShare = Profile.SteadyLoginShare;
        var opens = Profile.SteadyLoginsPerSecond;
        Add(StadiumEndpoints.Login.Name, opens, $"openApp {opens:N1}/s (activeIn15Minutes x loginsPerActiveUser / 900 s)");
        Add(StadiumEndpoints.Feed.Name, opens * _assume["feedReadsPerLogin"], $"openApp {opens:N1}/s x feedReadsPerLogin {_assume["feedReadsPerLogin"]:0.##}");
        var total = _journey.Weights.Values.Sum();
        var others = Profile.SteadyRequestsPerSecond * (1 - loginShare);
        foreach (var (action, weight) in _journey.Weights.Where(w => w.Value > 0))
        {
            var arrivals = others * weight / total;
            foreach (var (endpoint, perVisit, why) in JourneyRequests.Of(action, _assume))
            {
                Add(endpoint, arrivals * perVisit,
                    $"{action} {weight:0.##}/{total:0.##} of {others:N1} arrivals/s" + (perVisit == 1 ? string.Empty : $" x {why}"));
            }
        }

        var tokenLife = _assume["tokenLifetimeSeconds"];
        Add(StadiumEndpoints.Refresh.Name, Profile.ActiveUsers / tokenLife, $"activeIn15Minutes {Profile.ActiveUsers:N0} / tokenLifetimeSeconds {tokenLife:0}");

        var burstLogins = Profile.BurstLoginsPerSecond;
        return [.. StadiumEndpoints.All.Select(e =>
        {
            var (rate, terms) = steady.TryGetValue(e.Name, out var s) ? s : (0, ["not in the journey mix"]);
            var burst = e == StadiumEndpoints.Login ? burstLogins : e == StadiumEndpoints.Feed ? burstLogins * _assume["feedReadsPerLogin"] : 0;
            var burstHow = burst > 0 ? $"burst {burstLogins:N1} logins/s" + (e == StadiumEndpoints.Feed ? " x feedReadsPerLogin" : string.Empty) : "no part in the burst";
            return new EndpointRates(e.Name, e.Method, e.Route,
                Sourced.Derived(rate, string.Join(" + ", terms)),
                Sourced.Derived(burst, burstHow),
                Sourced.Derived(rate + burst, "steady + burst"));
        })];
    }
}
