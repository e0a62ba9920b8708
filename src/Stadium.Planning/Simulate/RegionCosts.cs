using System.Globalization;

namespace Stadium.Planning.Simulate;

/// <summary>
/// Multi-region on paper: arithmetic, not a simulation of networks. Every region runs API nodes and a streaming replica;
/// the primary is in one region. A write pays its round trips to the primary (<see cref="WriteRoundTrips"/>: the insert,
/// the job enqueued in the same transaction, the commit); a replica lags by half a round trip (WAL shipped one way) plus
/// its apply time; after a user's own write their reads go to the primary for the read-your-writes window (Stadium.Data's
/// ReadYourWritesWindow, 30 s), paying one round trip. With W writes per active user per second, a user wrote within a
/// window T with probability 1 - e^(-W T): that is the share of reads sent to the primary, and with T = the lag, the
/// share that would read stale data from the replica without read-your-writes.
/// </summary>
internal static class RegionCosts
{
    public const double WriteRoundTrips = 3;
    public const double ReadYourWritesWindowSeconds = 30;
    public const double ApplyMs = 1;

    public static IReadOnlyList<RegionCost> Compute(IReadOnlyList<Region> regions, double writesPerActiveUserPerSecond)
    {
        var costs = regions.Select(r =>
        {
            var lagMs = (r.RttMs / 2) + ApplyMs;
            var toPrimary = r.RttMs > 0 ? 1 - Math.Exp(-writesPerActiveUserPerSecond * ReadYourWritesWindowSeconds) : 0;
            var stale = 1 - Math.Exp(-writesPerActiveUserPerSecond * lagMs / 1000);
            return new RegionCost(r.Name, r.UserShare, r.RttMs, r.RttMs * WriteRoundTrips, lagMs, toPrimary * 100, toPrimary * r.RttMs, stale * 100);
        }).ToList();
        var total = regions.Sum(r => r.UserShare);
        double Weighted(Func<RegionCost, double> value) => costs.Sum(c => c.UserShare * value(c)) / total;
        costs.Add(new RegionCost("all users", total, Weighted(c => c.RttMs), Weighted(c => c.WriteAddedMs), Weighted(c => c.ReplicaLagMs),
            Weighted(c => c.ReadsToPrimaryPercent), Weighted(c => c.MeanReadAddedMs), Weighted(c => c.StaleReadsWithoutRywPercent)));
        return costs;
    }

    public static void Write(IReadOnlyList<RegionCost> costs, double writesPerActiveUserPerSecond, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine(string.Create(c,
            $"Regions (on paper): a write makes {WriteRoundTrips:0} round trips to the primary; read-your-writes sends a user's reads to the primary for {ReadYourWritesWindowSeconds:0} s after their write; {writesPerActiveUserPerSecond * 900:0.##} writes per active user per 15 minutes"));
        string[] headers = ["region", "users %", "RTT ms", "write +ms", "replica lag ms", "reads to primary %", "mean read +ms", "stale without RYW %"];
        var rows = costs.Select(r => new[]
        {
            r.Region,
            (r.UserShare * 100).ToString("0.#", c),
            r.RttMs.ToString("0.#", c),
            r.WriteAddedMs.ToString("0.#", c),
            r.ReplicaLagMs.ToString("0.#", c),
            r.ReadsToPrimaryPercent.ToString("0.##", c),
            r.MeanReadAddedMs.ToString("0.##", c),
            r.StaleReadsWithoutRywPercent.ToString("0.####", c),
        }).ToList();
        TextColumns.Write(headers, rows, output);
    }
}
