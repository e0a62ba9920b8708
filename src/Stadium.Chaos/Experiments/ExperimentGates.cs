namespace Stadium.Chaos.Experiments;

/// <summary>
/// What the verdict demands beyond the hypothesis (which always counts): every fault back within the SLO at most
/// <see cref="Recovery"/> after it ends, and at least <see cref="Availability"/> of requests answered during faults
/// (null: not gated). Lost writes, writes applied twice and jobs done twice always fail the run.
/// </summary>
public sealed record ExperimentGates(TimeSpan Recovery, double? Availability, string? SloFile)
{
    public static readonly ExperimentGates Default = new(TimeSpan.FromSeconds(30), null, null);
}
