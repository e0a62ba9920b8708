namespace Stadium.Planning.Plan;

/// <summary>
/// Little's law, L = λ x W: the average number of requests in a system is their arrival rate times the time each
/// spends in it. It turns rates into what runs out: connections, threads, cores.
/// </summary>
public static class LittlesLaw
{
    /// <summary>Requests in flight at <paramref name="perSecond"/> arrivals that each take <paramref name="milliseconds"/>.</summary>
    public static double InFlight(double perSecond, double milliseconds) => perSecond * milliseconds / 1000;
}
