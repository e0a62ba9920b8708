using Stadium.Lab.Reports;

namespace Stadium.Chaos.Rehearsal;

/// <summary>
/// The answers the cluster refused to protect itself, over the whole run: <see cref="Shed"/> 503s (load shedding, and a
/// dependency refusing during a fault) and <see cref="RateLimited"/> 429s, of <see cref="Requests"/>, against the
/// <see cref="Ceiling"/> on their share together.
/// </summary>
public sealed record ShedShare(long Requests, long Shed, long RateLimited, double Ceiling)
{
    /// <summary>At most 5 % of requests refused: a login burst sized to capacity sheds some of its logins by design, not more.</summary>
    public const double DefaultCeiling = 0.05;

    public double Share => Requests == 0 ? 0 : (Shed + RateLimited) / (double)Requests;

    public bool Met => Share <= Ceiling;

    public static ShedShare Of(LoadResults load, double ceiling = DefaultCeiling) => new(
        load.Requests,
        load.Endpoints.Values.Sum(e => e.StatusCodes.GetValueOrDefault("503")),
        load.Endpoints.Values.Sum(e => e.StatusCodes.GetValueOrDefault("429")),
        ceiling);
}
