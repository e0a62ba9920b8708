using Stadium.Lab.Execution;
using Stadium.Lab.Executors;
using Stadium.Lab.Generic;
using Stadium.Lab.Journeys;
using Stadium.Lab.Journeys.Actions;
using Stadium.Lab.Profiles;

namespace Stadium.Lab.Scenarios;

/// <summary>Turns a scenario file and the command line's overrides into a <see cref="LoadPlan"/>.</summary>
internal static class ScenarioPlanner
{
    private static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(10);

    // The cap is a safety net; it must not clip the last arrivals of a schedule that ends on time.
    private static readonly TimeSpan ScheduleSlack = TimeSpan.FromSeconds(1);
    private static readonly ThinkTime JourneyThinkTime = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2));

    public static LoadPlan Plan(ScenarioFile file, PlanOverrides overrides)
    {
        var targetText = overrides.Target ?? file.Target
            ?? throw new FormatException("No target: give --target URL or 'target:' in the scenario.");
        if (!Uri.TryCreate(targetText.TrimEnd('/') + "/", UriKind.Absolute, out var target))
        {
            throw new FormatException($"Target '{targetText}' is not an absolute http(s) URL.");
        }

        InputCheck.AtLeastOne(file.Connections, "connections");
        InputCheck.AtLeastOne(file.Population, "population");
        if (overrides.Duration is { } runDuration)
        {
            InputCheck.LongerThanZero(runDuration, "--duration");
        }

        var requests = file.Requests?.Select(ToTemplate).ToArray();
        if (requests is not null && file.Journey is not null)
        {
            throw new FormatException("A scenario has either 'journey' (Stadium journeys) or 'requests' (generic mode), not both.");
        }

        var mix = file.Journey is null ? JourneyMix.Default : JourneyMix.Parse(file.Journey);
        var phaseMixes = new Dictionary<int, JourneyMix>();
        MauProfile? profile = null;
        IReadOnlySet<int> signedInPhases = new HashSet<int>();
        List<PhasePlan> phases;
        if (overrides.Mau is { } mau)
        {
            if (mau < 1)
            {
                throw new FormatException($"--mau must be at least 1 (it is {mau}).");
            }

            var scale = file.Profile?.Scale ?? 1;
            if (!(scale > 0) || !double.IsFinite(scale))
            {
                throw new FormatException($"profile: scale divides the derived rates, so it must be above 0 (it is {scale.ToString(System.Globalization.CultureInfo.InvariantCulture)}).");
            }

            profile = MauProfile.Derive(mau, Ratios(file.Profile));
            phases = MauPhases(profile, scale, overrides.Duration ?? TimeSpan.FromMinutes(2), requests is null);
            if (requests is null)
            {
                phaseMixes[0] = new JourneyMix(new Dictionary<IJourneyAction, double> { [JourneyActions.OpenApp] = 1 });
                phaseMixes[1] = SteadyMix(mix, profile.SteadyLoginShare);
                signedInPhases = new HashSet<int> { 1 };
            }
        }
        else
        {
            var fileDefault = overrides.Duration ?? DefaultDuration;
            var journeyThink = requests is null ? JourneyThinkTime : ThinkTime.None;
            phases = [];
            var specs = file.Phases.Count > 0 ? file.Phases : [new PhaseFile { Executor = "constant-users", Users = Math.Min(10, file.Population) }];
            var signedIn = new HashSet<int>();
            for (var i = 0; i < specs.Count; i++)
            {
                phases.Add(ToPhase(specs[i], i, fileDefault, journeyThink));
                if (specs[i].Journey is { } phaseJourney)
                {
                    phaseMixes[i] = JourneyMix.Parse(phaseJourney);
                }

                if (requests is null && OpensAppAmongOthers(phaseMixes.GetValueOrDefault(i) ?? mix))
                {
                    signedIn.Add(i);
                }
            }

            signedInPhases = signedIn;
        }

        CheckSendsSomething(phases);
        if (requests is null)
        {
            CheckAccountsSuffice(phases, file.Population);
        }

        var total = TimeSpan.FromTicks(phases.Sum(p => p.Duration.Ticks));
        // Without --duration the whole plan runs: a phase that waits out its graceful stop for its last iterations
        // (slow logins) pushes the later phases back, and that wait must not cost them their turn. --duration is a cap.
        var waits = overrides.Duration is null ? TimeSpan.FromTicks(phases.SkipLast(1).Sum(p => p.GracefulStop.Ticks)) : TimeSpan.Zero;
        var maxDuration = overrides.Duration is { } cap && cap < total ? cap : total + waits + ScheduleSlack;
        var sizes = file.PostBodies is { } b ? PostBodies(b) : new PostBodySizes();
        return new LoadPlan(
            file.Name ?? (requests is null ? "stadium-journeys" : "requests"), target, phases, mix, phaseMixes, requests, profile, maxDuration,
            file.Connections, InputCheck.LongerThanZero(DurationText.Parse(file.RequestTimeout), "requestTimeout"), sizes, file.Thresholds ?? [], file.Population, file.Password, file.ZipfExponent,
            Ratios(file.Profile).FeedReadsPerLogin, signedInPhases, file.Expect?.Shed ?? []);
    }

    /// <summary>
    /// The steady phase's mix: the scenario's actions, plus app openings (a login and the feed) weighted so that
    /// they are <paramref name="loginShare"/> of all arrivals; every other arrival reuses a signed-in session.
    /// </summary>
    public static JourneyMix SteadyMix(JourneyMix mix, double loginShare)
    {
        var others = mix.Weights.Where(w => w.Key != JourneyActions.OpenApp).ToDictionary(w => w.Key, w => w.Value);
        if (loginShare >= 1 || others.Count == 0)
        {
            return new JourneyMix(new Dictionary<IJourneyAction, double> { [JourneyActions.OpenApp] = 1 });
        }

        others[JourneyActions.OpenApp] = Math.Max(0, loginShare) / (1 - loginShare) * others.Values.Sum();
        return new JourneyMix(others);
    }

    /// <summary>
    /// A mix with app openings beside other actions models a crowd, as `--mau`'s steady phase does: newcomers arrive by
    /// opening the app (a login), everyone else already holds a session. Its other actions then come from signed-in
    /// accounts only; otherwise each account a Zipf choice reaches for the first time would sign in on the spot, a login
    /// storm the mix never asked for.
    /// </summary>
    private static bool OpensAppAmongOthers(JourneyMix mix) =>
        mix.Weights.GetValueOrDefault(JourneyActions.OpenApp) > 0 && mix.Weights.Any(w => w.Key != JourneyActions.OpenApp && w.Value > 0);

    /// <summary>
    /// The login/feed burst first (each arrival opens the app: login unless a token is at hand, then the
    /// feed), for up to 60 s or half the run, then the steady rate for the rest.
    /// </summary>
    public static List<PhasePlan> MauPhases(MauProfile profile, double scale, TimeSpan duration, bool journeys)
    {
        var divisor = scale <= 0 ? 1 : scale;
        var burst = TimeSpan.FromTicks(Math.Min(MauRatios.BurstWindow.Ticks, duration.Ticks / 2));
        var steady = duration - burst;
        var grace = TimeSpan.FromSeconds(10);
        var burstRate = (journeys ? profile.BurstLoginsPerSecond : profile.BurstRequestsPerSecond) / divisor;
        var inFlight = (int)Math.Clamp(Math.Max(profile.SteadyInFlight, profile.BurstInFlight) * 50 / divisor, 1_000, 100_000);
        return
        [
            PhasePlan.ConstantRate("burst", burstRate, burst, inFlight, grace),
            PhasePlan.ConstantRate("steady", profile.SteadyRequestsPerSecond / divisor, steady, inFlight, grace),
        ];
    }

    private static MauRatios Ratios(ProfileFile? file)
    {
        var defaults = new MauRatios();
        return file is null ? defaults : new MauRatios(
            InputCheck.Ratio(file.ActiveShare ?? defaults.ActiveShare, "profile: activeShare"),
            InputCheck.Ratio(file.BurstShare ?? defaults.BurstShare, "profile: burstShare"),
            InputCheck.Ratio(file.RequestsPerActiveUser ?? defaults.RequestsPerActiveUser, "profile: requestsPerActiveUser"),
            InputCheck.Ratio(file.FeedReadsPerLogin ?? defaults.FeedReadsPerLogin, "profile: feedReadsPerLogin"),
            InputCheck.Ratio(file.ExpectedLatencyMs ?? defaults.ExpectedLatencyMs, "profile: expectedLatencyMs"),
            InputCheck.Ratio(file.LoginsPerActiveUser ?? defaults.LoginsPerActiveUser, "profile: loginsPerActiveUser"));
    }

    /// <summary>Checked here, before any traffic: out of order, the sizes would make every createPost throw in Math.Clamp, mid-run.</summary>
    private static PostBodySizes PostBodies(PostBodyFile file)
    {
        InputCheck.AtLeastOne(file.MinChars, "postBodies: minChars");
        if (file.MinChars > file.MedianChars || file.MedianChars > file.MaxChars)
        {
            throw new FormatException(
                $"postBodies: minChars ({file.MinChars}) <= medianChars ({file.MedianChars}) <= maxChars ({file.MaxChars}) does not hold.");
        }

        return new PostBodySizes(file.MinChars, file.MedianChars, file.MaxChars, InputCheck.Ratio(file.Sigma, "postBodies: sigma"));
    }

    /// <summary>A plan whose every phase is empty (a ramp from 0 to 0, say) would "pass" having measured nothing.</summary>
    private static void CheckSendsSomething(IReadOnlyList<PhasePlan> phases)
    {
        if (phases.All(p => (p.Arrivals?.ArrivalCount ?? 0) == 0 && (p.Users?.MaxUsers ?? 0) == 0))
        {
            throw new FormatException("The scenario sends nothing: its phases plan no arrivals and no users.");
        }
    }

    /// <summary>
    /// Each closed-model user is its own seeded account, so a phase may not have more users than the population.
    /// Checked here, before any traffic, rather than when that phase starts, after the earlier phases have run.
    /// </summary>
    private static void CheckAccountsSuffice(IReadOnlyList<PhasePlan> phases, int population)
    {
        foreach (var phase in phases.Where(p => p.Users is not null && p.Users.MaxUsers > population))
        {
            throw new FormatException(
                $"{phase.Name}: {phase.Users!.MaxUsers} virtual users need as many distinct accounts, but the population is {population}; seed more users or lower the user count.");
        }
    }

    private static PhasePlan ToPhase(PhaseFile spec, int index, TimeSpan defaultDuration, ThinkTime defaultThink)
    {
        var executor = LoadExecutors.Registry.Get(spec.Executor);
        var name = spec.Name ?? $"phase{index + 1}";
        var duration = InputCheck.LongerThanZero(spec.Duration is null ? defaultDuration : DurationText.Parse(spec.Duration), $"{name}: duration");
        var think = spec.ThinkTime is null ? defaultThink : new ThinkTime(DurationText.Parse(spec.ThinkTime.Min), DurationText.Parse(spec.ThinkTime.Max));
        var grace = DurationText.Parse(spec.GracefulStop);
        var maxInFlight = executor.IsOpen ? InputCheck.AtLeastOne(spec.MaxInFlight, $"{name}: maxInFlight") : 0;
        return executor.Plan(spec, new PhaseSettings(name, duration, think, grace, maxInFlight));
    }

    private static RequestTemplate ToTemplate(RequestFile file) => new(
        file.Name ?? $"{file.Method.ToUpperInvariant()} {file.Url}",
        file.Method,
        file.Url,
        [.. (file.Headers ?? []).Select(h => new KeyValuePair<string, string>(h.Key, h.Value))],
        file.Body,
        file.Weight);
}
