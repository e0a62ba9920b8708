namespace Stadium.Chaos.Rehearsal;

/// <summary>
/// How `stadium rehearse` was asked to run: the MAU and the load's duration, the seed of the fault draw, the scale (null:
/// chosen to fit the cluster), where results.json and the HTML report go, the folder to run the cluster in (null: a
/// temporary one), the autoscaler's file (null: the built-in copy of scaling/autoscale.yaml) and how to run this CLI.
/// </summary>
public sealed record RehearsalOptions(
    long Mau, TimeSpan Duration, int Seed, double? Scale, string ResultsPath, string? ReportPath, string? DataDir, string? AutoscaleFile, IReadOnlyList<string> Self)
{
    /// <summary>A fault and the room to measure its recovery need this much load at least.</summary>
    public static readonly TimeSpan ShortestDuration = TimeSpan.FromSeconds(30);
}
