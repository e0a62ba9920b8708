using System.Globalization;
using System.Text.RegularExpressions;
using Stadium.Chaos.Experiments;

namespace Stadium.Chaos.Rehearsal;

/// <summary>
/// Draws the rehearsal's faults from the matrix with a seeded <see cref="Random"/>, so a seed replays the same run. The
/// time after the first seconds of load is cut into equal slots, one fault each (one per <see cref="FaultEvery"/>, at
/// least one); each fault starts at a random offset in its slot, lasts its matrix duration or less, and ends at least
/// <see cref="FaultPick.Gap"/> before its slot does: room for the recovery to be measured (the 30 s gate and the 10 s the
/// SLO must hold) before the next fault or the end of the load. Faults are drawn without repeats until each has run.
/// </summary>
internal static partial class FaultPicker
{
    /// <summary>One fault per 2.5 minutes of the run.</summary>
    public static readonly TimeSpan FaultEvery = TimeSpan.FromSeconds(150);

    /// <summary>The gap after a fault: the recovery gate (30 s) and the 10 s the SLO must then hold; less in a short run, never under 15 s.</summary>
    public static readonly TimeSpan RecoveryRoom = TimeSpan.FromSeconds(40);

    public static readonly TimeSpan MinGap = TimeSpan.FromSeconds(15);

    /// <summary>No fault starts in the first seconds: the hypothesis and the first arrivals come first.</summary>
    public static readonly TimeSpan FirstAt = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan ShortestFault = TimeSpan.FromSeconds(5);

    public static FaultPick Pick(IReadOnlyList<MatrixFault> matrix, ClusterShape shape, TimeSpan duration, int seed)
    {
        var skipped = new List<string>();
        var candidates = new List<MatrixFault>();
        foreach (var fault in matrix)
        {
            if (CannotTake(fault.Step, shape) is { } why)
            {
                skipped.Add($"{fault.Step.Fault} {fault.Step.Target} ({fault.File}): skipped, {why}");
            }
            else
            {
                candidates.Add(fault);
            }
        }

        var first = TimeSpan.FromTicks(Math.Min(FirstAt.Ticks, duration.Ticks / 4));
        var window = duration - first;
        var count = Math.Max(1, (int)(window / FaultEvery));
        var slot = window / count;
        var gap = TimeSpan.FromTicks(Math.Clamp(slot.Ticks / 2, MinGap.Ticks, RecoveryRoom.Ticks));
        var longest = slot - gap;
        if (candidates.Count == 0 || longest < ShortestFault)
        {
            skipped.Add(candidates.Count == 0 ? "no fault of the matrix fits this cluster" : $"the run is too short for a fault and its recovery ({duration.TotalSeconds:0} s)");
            return new FaultPick(seed, [], skipped, gap);
        }

        var random = new Random(seed);
        var bag = new List<MatrixFault>();
        var picked = new List<MatrixFault>(count);
        for (var i = 0; i < count; i++)
        {
            if (bag.Count == 0)
            {
                bag.AddRange(candidates);
            }

            var fault = bag[random.Next(bag.Count)];
            bag.Remove(fault);
            var length = fault.Step.Duration < longest ? fault.Step.Duration : longest;
            var slotStart = first + (slot * i);
            var latest = slot - gap - length;
            var at = slotStart + TimeSpan.FromSeconds(Math.Floor(random.NextDouble() * latest.TotalSeconds * 10) / 10);
            picked.Add(fault with { Step = fault.Step with { At = at, Duration = length } });
        }

        return new FaultPick(seed, picked, skipped, gap);
    }

    /// <summary>Why a step's target is not in the cluster (api-3 of two nodes, a worker of none, a replica of none); null when it is.</summary>
    public static string? CannotTake(MethodStep step, ClusterShape shape)
    {
        var match = Numbered().Match(step.Target);
        if (!match.Success)
        {
            return null;
        }

        var n = int.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        var (have, what) = match.Groups["role"].Value switch
        {
            "api" => (shape.Nodes, "API nodes"),
            "worker" => (shape.Workers, "workers"),
            _ => (shape.Replicas, "replicas"),
        };
        return n <= have ? null : $"the cluster has {have} {what}";
    }

    [GeneratedRegex(@"^(?<role>api|worker|replica)-(?<n>\d+)$")]
    private static partial Regex Numbered();
}
