namespace Stadium.Chaos.Rehearsal;

/// <summary>
/// One stretch of the rehearsal's load: from <see cref="Start"/> for <see cref="Duration"/>, journeys arriving at
/// <see cref="Arrivals"/> a second (the MAU's <see cref="RealArrivals"/> divided by the scale), <see cref="LoginShare"/>
/// of them opening the app (a login and the feed), the others the steady mix.
/// </summary>
public sealed record RehearsalPhase(string Name, TimeSpan Start, TimeSpan Duration, double RealArrivals, double Arrivals, double LoginShare)
{
    public TimeSpan End => Start + Duration;
}
