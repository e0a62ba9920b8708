namespace Stadium.Planning.Simulate;

/// <summary>
/// One node's CPU as a queue, stepped a tick at a time. Within a tick the work offered (core-seconds) is served at the
/// node's cores; what is left waits as a backlog into the next tick, and the protection layer's queue deadline bounds
/// that wait: work that would wait longer is shed (503 + Retry-After), so the backlog never holds more than
/// deadline x cores. Inside a tick requests share the CPU (processor sharing): a request of service time S takes
/// S x <see cref="Slowdown"/> at the tick's utilisation, plus the backlog's wait.
/// </summary>
internal static class FluidQueue
{
    /// <summary>Utilisation is read at most this close to 1, where the slowdown is 50 x a request's own time on one core.</summary>
    public const double MaxUtilization = 0.98;

    public static QueueStep Step(ref double backlog, double offered, double cores, double deadlineSeconds, double seconds = 1)
    {
        var work = backlog + offered;
        var capacity = cores * seconds;
        var served = Math.Min(work, capacity);
        var left = work - served;
        var shedWork = Math.Max(0, left - (deadlineSeconds * cores));
        backlog = left - shedWork;
        var shed = offered > 0 ? Math.Min(1, shedWork / offered) : 0;
        return new QueueStep(served, shed, backlog / cores, capacity > 0 ? served / capacity : 0);
    }

    /// <summary>
    /// How much longer than alone a request takes at utilisation <paramref name="rho"/> on <paramref name="cores"/>:
    /// 1 + Wq/S of an M/M/c queue by Sakasegawa's approximation, Wq/S = rho^(sqrt(2(c+1)) - 1) / (c (1 - rho)), which
    /// is exact for one core (1 / (1 - rho), the M/M/1 and processor-sharing slowdown). A node below one core runs a
    /// request at its quota, one server.
    /// </summary>
    public static double Slowdown(double rho, double cores)
    {
        var c = Math.Max(1, cores);
        var r = Math.Clamp(rho, 0, MaxUtilization);
        return 1 + (Math.Pow(r, Math.Sqrt(2 * (c + 1)) - 1) / (c * (1 - r)));
    }

    /// <summary>A request's own time on a node of <paramref name="cores"/>: its CPU time, stretched by a quota below one core.</summary>
    public static double RequestSeconds(double costSeconds, double cores) => costSeconds / Math.Min(1, cores);
}
