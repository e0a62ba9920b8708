using Stadium.Lab.Execution;
using Stadium.Lab.Http;
using Stadium.Lab.Journeys.Actions;
using Stadium.Lab.Measurement;

namespace Stadium.Lab.Journeys;

/// <summary>
/// Stadium journeys. An open-model arrival is one action by a Zipf-chosen account; a closed-model user
/// is one distinct account for the whole phase. Every request goes through the measured sender; the
/// first request of an iteration is timed from the arrival's intended start, the ones after it from
/// when the previous answer let the user go on.
/// </summary>
internal sealed class StadiumJourneyWorkload : IWorkload
{
    private readonly StadiumJourneyOptions _options;
    private readonly JourneyClient _client;
    private readonly UserSession[] _sessions;
    private readonly ZipfPicker _zipf;
    private readonly FreshAccounts _freshAccounts;
    private readonly SignedInAccounts _signedIn;
    private int[] _virtualUserAccounts = [];
    private int _currentPhase;
    private bool _signedInOnly;

    public StadiumJourneyWorkload(StadiumJourneyOptions options, MeasuredSender sender, LoadMeasurements measurements)
    {
        _options = options;
        _sessions = new UserSession[options.Population + 1];
        for (var id = 1; id <= options.Population; id++)
        {
            _sessions[id] = new UserSession(id);
        }

        _signedIn = new SignedInAccounts(options.Population);
        _zipf = new ZipfPicker(options.Population, options.ZipfExponent);
        _freshAccounts = new FreshAccounts(options.Population);
        _client = new JourneyClient(options, sender, measurements, _signedIn);
    }

    public void EnterPhase(int phaseIndex, PhasePlan phase)
    {
        _currentPhase = phaseIndex;
        _signedInOnly = _options.SignedInPhases?.Contains(phaseIndex) == true;
        if (phase.Users is null)
        {
            return;
        }

        var virtualUsers = phase.Users.MaxUsers;
        if (virtualUsers > _options.Population)
        {
            throw new InvalidOperationException($"{virtualUsers} virtual users need as many distinct accounts, but the population is {_options.Population}; seed more users or lower the user count.");
        }

        _virtualUserAccounts = _zipf.NextDistinct(virtualUsers, new Random(virtualUsers));
    }

    public async ValueTask RunIterationAsync(IterationContext context, CancellationToken ct)
    {
        var random = Random.Shared;
        var mix = _options.PhaseMixes.GetValueOrDefault(_currentPhase) ?? _options.Mix;
        var action = mix.Next(random);
        var session = _sessions[PickAccount(context, action, random)];
        var step = new JourneyStep(context.IntendedTimestamp);

        if (!await _client.EnsureTokenAsync(session, step, ct).ConfigureAwait(false))
        {
            return;
        }

        await action.RunAsync(new JourneyIteration(_client, session, step, random, _zipf), ct).ConfigureAwait(false);
    }

    private int PickAccount(IterationContext context, IJourneyAction action, Random random)
    {
        if (context.VirtualUser >= 0 && context.VirtualUser < _virtualUserAccounts.Length)
        {
            return _virtualUserAccounts[context.VirtualUser];
        }

        // A burst of people opening the app is many different people, not the busiest few again and again.
        if (action == JourneyActions.OpenApp)
        {
            return _freshAccounts.Next();
        }

        // Someone using the app has opened it before: a Zipf choice among the accounts holding a session (the first
        // to sign in are the busiest), which reuses its tokens. Until anyone has signed in, anyone may come (and log in).
        var signedIn = _signedIn.Count;
        if (_signedInOnly && signedIn > 0)
        {
            return _signedIn.ByRank(_zipf.NextWithin(signedIn, random));
        }

        return _zipf.Next(random);
    }
}
