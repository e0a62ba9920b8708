using Stadium.Lab.Execution;
using Stadium.Lab.Generic;
using Stadium.Lab.Journeys;
using Stadium.Lab.Profiles;

namespace Stadium.Lab.Scenarios;

/// <summary>What a scenario file plus the command line add up to: ready to run.</summary>
/// <param name="Requests">Generic mode's request list; null for Stadium journeys.</param>
/// <param name="FeedReadsPerLogin">Feed reads after each login (the profile's ratio, default or overridden).</param>
/// <param name="SignedInPhases">Phases (by index) whose arrivals, app openings aside, come from accounts already holding a session.</param>
/// <param name="ExpectShed">Endpoints whose 503/429 + Retry-After answers are declared sheds (the scenario's <c>expect: shed</c>).</param>
internal sealed record LoadPlan(
    string Name,
    Uri Target,
    IReadOnlyList<PhasePlan> Phases,
    JourneyMix Mix,
    IReadOnlyDictionary<int, JourneyMix> PhaseMixes,
    IReadOnlyList<RequestTemplate>? Requests,
    MauProfile? Profile,
    TimeSpan MaxDuration,
    int Connections,
    TimeSpan RequestTimeout,
    PostBodySizes PostBodies,
    IReadOnlyList<string> Thresholds,
    int Population,
    string Password,
    double ZipfExponent,
    double FeedReadsPerLogin = 1,
    IReadOnlySet<int>? SignedInPhases = null,
    IReadOnlyList<string>? ExpectShed = null)
{
    public bool IsJourney => Requests is null;
}
