using Stadium.Chaos.Experiments;
using Stadium.Chaos.Tests.Rehearsal;

namespace Stadium.Chaos.Tests;

/// <summary>Answers marked Stadium-Degraded count as available during a fault, and the verdict says what share they were.</summary>
public sealed class DegradedShareTests
{
    [Fact]
    public void The_share_of_successes_marked_degraded_is_read_from_the_faults_seconds_only()
    {
        // Ten seconds of 100 feed reads, 10 of them failed each second; seconds 4-6 (the fault) had 45 stale answers each.
        var load = VerdictInputs.Load([.. Enumerable.Repeat(20.0, 10)], errorsPerSecond: 10);
        load = load with { Timeline = [.. load.Timeline.Select(b => b with { Degraded = b.Second is >= 4 and <= 6 ? 45 : 1 })] };

        Assert.Equal(45.0 / 90, RecoveryClock.DegradedShare(load, 3, 6)!.Value, 6);
        Assert.Equal(0.9, RecoveryClock.Availability(load, 3, 6)!.Value, 6);
        Assert.Null(RecoveryClock.DegradedShare(load with { Timeline = [] }, 3, 6));
    }

    [Fact]
    public void The_verdict_line_names_the_degraded_share_beside_the_availability()
    {
        var fault = VerdictInputs.Fault(3, 6, 4) with { Availability = 1.0, DegradedShare = 0.125 };
        var findings = VerdictInputs.Findings(VerdictInputs.Load([20, 20]), [fault], VerdictInputs.Writes(), null);

        var row = ChaosOutputs.Rows(findings).Single(r => r.Check == fault.Describe);

        Assert.Contains("availability 100.00 % (12.5 % of the answers marked degraded)", row.Result, StringComparison.Ordinal);
        Assert.DoesNotContain("marked degraded", ChaosOutputs.Rows(findings with { Faults = [fault with { DegradedShare = 0 }] })
            .Single(r => r.Check == fault.Describe).Result, StringComparison.Ordinal);
    }
}
