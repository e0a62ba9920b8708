namespace Stadium.Protection.Slo;

/// <summary>How an answered request counts against its endpoint's objectives (see <see cref="SloOutcome"/> for why).</summary>
internal static class SloEvents
{
    public const int ClientClosedRequest = 499;

    public static SloOutcome Classify(int status, TimeSpan elapsed, EndpointObjective objective) => status switch
    {
        429 or ClientClosedRequest => SloOutcome.Excluded,
        >= 500 => SloOutcome.Bad,
        _ => elapsed <= objective.Latency ? SloOutcome.Good : SloOutcome.Bad,
    };
}
