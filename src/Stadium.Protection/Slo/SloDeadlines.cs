namespace Stadium.Protection.Slo;

/// <summary>The deadline of an endpoint whose file gives none, derived from its latency objective.</summary>
internal static class SloDeadlines
{
    /// <summary>Requests to routes the file does not list, when its defaults give neither a deadline nor a latency.</summary>
    public static readonly TimeSpan Unlisted = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan Shortest = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Twenty times the latency objective, from 1 s to 30 s. A request twenty times slower than its objective has
    /// already failed its user, and its client has usually given up; at least a second leaves room for what a healthy
    /// node meets now and then (a garbage collection, a replica failover, measured at about 1.1 s in bench/RESULTS.md).
    /// </summary>
    public static TimeSpan From(TimeSpan latency) => TimeSpan.FromTicks(Math.Clamp(latency.Ticks * 20, Shortest.Ticks, Longest.Ticks));
}
