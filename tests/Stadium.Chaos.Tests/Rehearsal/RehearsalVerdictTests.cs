using Stadium.Chaos.Experiments;
using Stadium.Chaos.Rehearsal;
using Stadium.Protection.Slo;
using static Stadium.Chaos.Tests.Rehearsal.VerdictInputs;

namespace Stadium.Chaos.Tests.Rehearsal;

/// <summary>The rehearsal's gates, judged from findings made by hand: each met or missed with its figure, passed only when all hold.</summary>
public sealed class RehearsalVerdictTests
{
    private static readonly JobsVerdict Jobs = new(12, 0, 40, 0);

    /// <summary>60 s of feed reads at p99 10 ms, except 400 ms in seconds 21-30 (bucket N covers N-1..N), inside a fault from 20 s to 25 s.</summary>
    private static IReadOnlyList<double> SlowDuringTheFault() => [.. Enumerable.Range(1, 60).Select(s => s is > 20 and <= 30 ? 400.0 : 10.0)];

    [Fact]
    public void Every_gate_holds_and_the_rehearsal_passes()
    {
        var chaos = Findings(Load(SlowDuringTheFault()), [Fault(20, 25, 5)], Writes(), Jobs);

        var results = RehearsalVerdict.Build(Plan(), Pick(), chaos, Autoscaler((2, 4, true)), SloFileParser.BuiltIn, "/tmp/x");

        Assert.True(results.Passed, string.Join("; ", results.Reasons));
        Assert.Empty(results.Reasons);
        Assert.Equal(
            ["cluster answered before the load", "SLO feed", "shed and rate-limited", "scale events", "nothing lost", "jobs exactly once", "recovery: proxy primary down at 20s"],
            results.Gates.Select(g => g.Name));
        Assert.All(results.Gates, g => Assert.True(g.Met, $"{g.Name}: {g.Figure}"));
        var slo = Assert.Single(results.Slo);
        Assert.Equal(10, slo.MeasuredMs);
        Assert.Equal(50, slo.ObjectiveMs);
        Assert.Equal(100 * (60 - 10), slo.Requests);
        var scale = Assert.Single(results.ScaleEvents);
        Assert.Equal((2, 4, 40.0), (scale.From, scale.To, scale.AtSeconds));
        Assert.Contains("api 2->4 at 40s by latency", results.Gates.Single(g => g.Name == "scale events").Figure, StringComparison.Ordinal);
    }

    [Fact]
    public void Slow_seconds_outside_every_fault_and_its_recovery_miss_the_endpoints_SLO()
    {
        // The same slow seconds, but the fault was earlier and recovered at once: they count.
        var chaos = Findings(Load(SlowDuringTheFault()), [Fault(5, 10, 0)], Writes(), Jobs);

        var results = RehearsalVerdict.Build(Plan(), Pick(), chaos, Autoscaler(), SloFileParser.BuiltIn, null);

        Assert.False(results.Passed);
        var gate = results.Gates.Single(g => g.Name == "SLO feed");
        Assert.False(gate.Met);
        Assert.StartsWith("p99 400 ms (objective 50 ms)", gate.Figure, StringComparison.Ordinal);
        Assert.Equal(["SLO feed: " + gate.Figure], results.Reasons);
    }

    [Fact]
    public void Errors_beyond_the_budget_miss_the_SLO_even_when_fast()
    {
        var chaos = Findings(Load([.. Enumerable.Repeat(10.0, 60)], errorsPerSecond: 1), [Fault(20, 25, 0)], Writes(), Jobs);

        var results = RehearsalVerdict.Build(Plan(), Pick(), chaos, Autoscaler(), SloFileParser.BuiltIn, null);

        var gate = results.Gates.Single(g => g.Name == "SLO feed");
        Assert.False(gate.Met, gate.Figure);
        Assert.Contains("errors 1.00 % (budget 0.10 %)", gate.Figure, StringComparison.Ordinal);
    }

    [Fact]
    public void Shed_and_rate_limited_answers_above_the_ceiling_miss_their_gate()
    {
        var statuses = new Dictionary<string, long> { ["200"] = 5_400, ["503"] = 400, ["429"] = 200 };
        var chaos = Findings(Load([.. Enumerable.Repeat(10.0, 60)], statuses), [Fault(20, 25, 0)], Writes(), Jobs);

        var results = RehearsalVerdict.Build(Plan(), Pick(), chaos, Autoscaler(), SloFileParser.BuiltIn, null);

        var gate = results.Gates.Single(g => g.Name == "shed and rate-limited");
        Assert.False(gate.Met);
        Assert.Equal("10.00% of 6,000 requests: 400 shed (503), 200 rate-limited (429); ceiling 5%", gate.Figure.Replace(" %", "%", StringComparison.Ordinal));
        Assert.Equal((400, 200), (results.Shed!.Shed, results.Shed.RateLimited));
    }

    [Fact]
    public void A_lost_write_misses_nothing_lost_and_a_job_done_twice_misses_exactly_once()
    {
        var chaos = Findings(Load([.. Enumerable.Repeat(10.0, 60)]), [Fault(20, 25, 0)], Writes(lost: 1), new JobsVerdict(12, 1, 40, 0));

        var results = RehearsalVerdict.Build(Plan(), Pick(), chaos, Autoscaler(), SloFileParser.BuiltIn, null);

        Assert.False(results.Passed);
        Assert.Equal(["nothing lost", "jobs exactly once"], results.Gates.Where(g => !g.Met).Select(g => g.Name));
        Assert.StartsWith("500 acknowledged, 1 lost", results.Gates.Single(g => g.Name == "nothing lost").Figure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scale_the_cluster_did_not_apply_or_no_decision_at_all_misses_the_scale_gate()
    {
        var chaos = Findings(Load([.. Enumerable.Repeat(10.0, 60)]), [Fault(20, 25, 0)], Writes(), Jobs);

        var refused = RehearsalVerdict.Build(Plan(), Pick(), chaos, Autoscaler((2, 4, false)), SloFileParser.BuiltIn, null);
        var unread = RehearsalVerdict.Build(Plan(), Pick(), chaos, new AutoscalerRecord(null, [], "the control API's /decisions did not answer: refused"), SloFileParser.BuiltIn, null);

        var gate = refused.Gates.Single(g => g.Name == "scale events");
        Assert.False(gate.Met);
        Assert.Contains("(NOT applied)", gate.Figure, StringComparison.Ordinal);
        Assert.Equal("the control API's /decisions did not answer: refused", Assert.Single(unread.Gates, g => !g.Met).Figure);
    }

    [Theory]
    [InlineData(31.0, null, "back within the SLO 31 s after the fault (gate 30 s)")]
    [InlineData(null, null, "never within the SLO for 10 s in a row before the load ended")]
    [InlineData(null, "the proxy API did not answer", "the proxy API did not answer")]
    public void A_slow_recovery_no_recovery_or_a_fault_that_failed_misses_its_gate(double? recovery, string? error, string figure)
    {
        var chaos = Findings(Load([.. Enumerable.Repeat(10.0, 60)]), [Fault(10, 15, recovery, error)], Writes(), Jobs);

        var results = RehearsalVerdict.Build(Plan(), Pick(), chaos, Autoscaler(), SloFileParser.BuiltIn, null);

        var gate = Assert.Single(results.Gates, g => !g.Met);
        Assert.Equal(("recovery: proxy primary down at 10s", figure), (gate.Name, gate.Figure));
    }

    [Fact]
    public void An_interrupted_run_does_not_pass_even_with_every_gate_met_so_far()
    {
        var chaos = Findings(Load([.. Enumerable.Repeat(10.0, 60)]), [], Writes(), Jobs, interrupted: true);

        var results = RehearsalVerdict.Build(Plan(), new FaultPick(7, [], ["no fault of the matrix fits this cluster"], TimeSpan.FromSeconds(15)), chaos, Autoscaler(), SloFileParser.BuiltIn, null);

        Assert.False(results.Passed);
        Assert.True(results.Interrupted);
        Assert.Equal("interrupted before the end of the run", results.Reasons[0]);
        Assert.Equal("no fault ran: no fault of the matrix fits this cluster", results.Gates.Single(g => g.Name == "faults").Figure);
    }

    [Fact]
    public void The_weighted_percentile_is_where_that_share_of_the_answers_lies()
    {
        (double, long)[] seconds = [(10, 90), (400, 9), (1_000, 1)];

        Assert.Equal(10, SloOutsideFaults.WeightedPercentile(seconds, 90));
        Assert.Equal(400, SloOutsideFaults.WeightedPercentile(seconds, 99));
        Assert.Equal(1_000, SloOutsideFaults.WeightedPercentile(seconds, 99.9));
        Assert.Equal(0, SloOutsideFaults.WeightedPercentile([], 99));
    }
}
