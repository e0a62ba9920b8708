using Stadium.Planning.Plan;

namespace Stadium.Chaos.Rehearsal;

/// <summary>
/// The rehearsal's traffic, from the MAU with the planner's own model (<see cref="CapacityPlanner"/>, docs/planning.md):
/// the login burst (the busy minute: steady traffic plus the burst's logins), the steady mix, and peaks at
/// <see cref="PeakFactor"/> times the steady rate, every rate divided by <see cref="Scale"/>. Unless given, the scale is
/// what brings the most demanding of these down to the cores the rehearsal's cluster starts with, at the capacity per
/// core the committed measurements give each endpoint (bench/capacity/): this machine cannot serve a million users'
/// busy minute, so the rehearsal runs its shape at the size the cluster can take, and says by how much it divided.
/// </summary>
public sealed record RehearsalPlan(
    long Mau,
    TimeSpan Duration,
    double Scale,
    bool ScaleGiven,
    double DemandCores,
    double ClusterCores,
    double SteadyArrivals,
    double BurstLogins,
    double SteadyLogins,
    int Population,
    IReadOnlyDictionary<string, double> Mix,
    IReadOnlyList<EndpointRate> Endpoints,
    IReadOnlyList<RehearsalPhase> Phases)
{
    /// <summary>A peak doubles the steady rate: an evening's high, a match ending, a push notification.</summary>
    public const double PeakFactor = 2;

    /// <summary>The burst lasts its minute, or a quarter of a short run.</summary>
    public static readonly TimeSpan BurstLength = TimeSpan.FromSeconds(60);

    /// <summary>One peak per three minutes of the run after the burst, at least one; each lasts up to 30 s.</summary>
    private static readonly TimeSpan PeakEvery = TimeSpan.FromMinutes(3);

    private static readonly TimeSpan PeakLength = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Accounts the run signs in as. An account signs in once and reuses its session, so there is one per login the plan
    /// makes (each phase's arrivals x its share of app openings x its length), within what a seed makes quickly.
    /// </summary>
    private const int MinPopulation = 20;

    private const int MaxPopulation = 10_000;

    /// <param name="scale">Divide the MAU's rates by this; null: the scale that fits the peak to <paramref name="shape"/>'s cores.</param>
    public static RehearsalPlan Create(long mau, TimeSpan duration, double? scale, RehearsalShape shape)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(mau);
        var plan = CapacityPlanner.Plan(PlanInputs.Defaults(mau));
        var steady = plan.Traffic.SteadyArrivalsPerSecond.Value;
        var burstLogins = plan.Traffic.BurstLoginsPerSecond.Value;
        var steadyLogins = plan.Endpoints.Single(e => e.Name == "login").Steady.Value;

        // The cores each stretch keeps busy: the burst is the busy minute itself; a peak is the steady traffic doubled.
        var busyMinuteCores = plan.Endpoints.Sum(e => e.BusyMinute.Value / e.CapacityPerCore.Value);
        var peakCores = plan.Endpoints.Sum(e => e.Steady.Value * PeakFactor / e.CapacityPerCore.Value);
        var demand = Math.Max(busyMinuteCores, peakCores);
        var divisor = scale ?? Math.Max(1, demand / shape.Cores);
        var endpoints = plan.Endpoints.Select(e => new EndpointRate(e.Name, e.Steady.Value, e.BusyMinute.Value, e.CapacityPerCore.Value, e.BusyMinute.Value / divisor)).ToList();
        var mix = JourneyWeights.Default.Weights.Where(w => w.Value > 0 && w.Key != "openApp").ToDictionary(w => w.Key, w => w.Value, StringComparer.Ordinal);
        var phases = Layout(duration, steady, burstLogins, steadyLogins, divisor);
        var logins = phases.Sum(p => p.Arrivals * p.LoginShare * p.Duration.TotalSeconds);
        var population = (int)Math.Clamp(Math.Ceiling(logins), MinPopulation, MaxPopulation);
        return new RehearsalPlan(mau, duration, divisor, scale is not null, demand, shape.Cores, steady, burstLogins, steadyLogins, population, mix, endpoints, phases);
    }

    /// <summary>The burst first, then the steady mix with peaks spread evenly through the rest.</summary>
    public static IReadOnlyList<RehearsalPhase> Layout(TimeSpan duration, double steady, double burstLogins, double steadyLogins, double scale)
    {
        var burst = TimeSpan.FromTicks(Math.Min(BurstLength.Ticks, duration.Ticks / 4));
        var rest = duration - burst;
        var peaks = Math.Max(1, (int)(rest / PeakEvery));
        var peak = TimeSpan.FromTicks(Math.Min(PeakLength.Ticks, rest.Ticks / (2 * peaks + 1)));
        var between = (rest - (peak * peaks)) / (peaks + 1);
        var share = steady <= 0 ? 0 : Math.Min(1, steadyLogins / steady);
        var burstRate = steady + burstLogins;
        var phases = new List<RehearsalPhase>
        {
            new("burst", TimeSpan.Zero, burst, burstRate, burstRate / scale, burstRate <= 0 ? 0 : Math.Min(1, (steadyLogins + burstLogins) / burstRate)),
        };
        var at = burst;
        for (var i = 1; i <= peaks; i++)
        {
            phases.Add(new RehearsalPhase($"steady{i}", at, between, steady, steady / scale, share));
            at += between;
            phases.Add(new RehearsalPhase($"peak{i}", at, peak, steady * PeakFactor, steady * PeakFactor / scale, share));
            at += peak;
        }

        phases.Add(new RehearsalPhase($"steady{peaks + 1}", at, duration - at, steady, steady / scale, share));
        return phases;
    }

    /// <summary>The journey mix of a phase: the steady actions, with app openings weighted to <paramref name="loginShare"/> of all arrivals.</summary>
    public IReadOnlyDictionary<string, double> MixFor(RehearsalPhase phase)
    {
        var weights = new Dictionary<string, double>(Mix, StringComparer.Ordinal);
        if (phase.LoginShare >= 1)
        {
            return new Dictionary<string, double>(StringComparer.Ordinal) { ["openApp"] = 1 };
        }

        weights["openApp"] = phase.LoginShare / (1 - phase.LoginShare) * Mix.Values.Sum();
        return weights;
    }
}
