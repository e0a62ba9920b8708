using Stadium.Lab.Ledger;

namespace Stadium.Lab.Journeys;

/// <param name="Population">Seeded accounts user1..userN.</param>
/// <param name="PhaseMixes">The action mix of each phase (by phase index); phases without one use <paramref name="Mix"/>.</param>
/// <param name="FeedReadsPerLogin">Feed reads an app opening (<see cref="Actions.OpenAppAction"/>) makes after its login; a
/// fraction is the chance of one more (1.5 = one or two, half and half).</param>
/// <param name="SignedInPhases">Open phases (by index) whose arrivals other than app openings are by accounts that already hold a
/// session (a Zipf choice among them), so they reuse its tokens instead of each logging in (the MAU profile's steady phase).</param>
internal sealed record StadiumJourneyOptions(
    Uri Target,
    int Population,
    string Password,
    double ZipfExponent,
    JourneyMix Mix,
    IReadOnlyDictionary<int, JourneyMix> PhaseMixes,
    PostBodySizes PostBodies,
    WriteLedger? Ledger,
    int PageSize = 20,
    int MaxPagesPerVisit = 3,
    double FeedReadsPerLogin = 1,
    IReadOnlySet<int>? SignedInPhases = null);
