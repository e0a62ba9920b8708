using Stadium.Protection.Shedding;

namespace Stadium.Protection.Tests.Shedding;

/// <summary>The process CPU clock is driven by hand: each window adds what its answers and refusals would cost.</summary>
public sealed class RefusalCostTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(100);
    private TimeSpan _cpu = TimeSpan.FromSeconds(1);

    private RefusalCost Cost() => new(0.5, () => _cpu);

    private void Run(RefusalCost cost, int served, int refused, double servedMicros, double refusedMicros, int windows = 10)
    {
        for (var i = 0; i < windows; i++)
        {
            _cpu += TimeSpan.FromMicroseconds((served * servedMicros) + (refused * refusedMicros));
            cost.OnWindow(served, refused, Window);
        }
    }

    [Fact]
    public void Unmeasured_refusals_are_assumed_to_relieve_so_the_first_ones_can_be_measured()
    {
        var cost = Cost();
        Assert.True(double.IsNaN(cost.Ratio));
        Assert.True(cost.Relieves);

        Run(cost, served: 400, refused: 0, servedMicros: 60, refusedMicros: 0);
        Assert.True(double.IsNaN(cost.Ratio)); // answers measured, refusals not yet
        Assert.True(cost.Relieves);
    }

    [Fact]
    public void Refusals_as_dear_as_answers_do_not_relieve()
    {
        var cost = Cost();
        Run(cost, served: 400, refused: 0, servedMicros: 60, refusedMicros: 0);
        Run(cost, served: 300, refused: 100, servedMicros: 60, refusedMicros: 66);

        Assert.InRange(cost.Ratio, 1.05, 1.15);
        Assert.False(cost.Relieves);
    }

    [Fact]
    public void Refusals_much_cheaper_than_answers_relieve()
    {
        var cost = Cost();
        Run(cost, served: 100, refused: 0, servedMicros: 2_000, refusedMicros: 0); // answers that query a database
        Run(cost, served: 60, refused: 40, servedMicros: 2_000, refusedMicros: 60);

        Assert.InRange(cost.Ratio, 0.02, 0.04);
        Assert.True(cost.Relieves);
    }

    [Fact]
    public void A_quiet_node_measures_nothing_from_its_background_work()
    {
        var cost = Cost();
        Run(cost, served: 5, refused: 0, servedMicros: 10_000, refusedMicros: 0);
        Assert.True(double.IsNaN(cost.Ratio));
        Run(cost, served: 400, refused: 0, servedMicros: 60, refusedMicros: 0);
        Run(cost, served: 300, refused: 100, servedMicros: 60, refusedMicros: 20);
        Assert.InRange(cost.Ratio, 0.3, 0.37); // not skewed by the quiet windows' 10 ms per answer
    }

    [Fact]
    public void A_refusal_cost_is_forgotten_after_a_while_without_refusals_so_a_changed_node_tries_again()
    {
        var cost = Cost();
        Run(cost, served: 400, refused: 0, servedMicros: 60, refusedMicros: 0);
        Run(cost, served: 300, refused: 100, servedMicros: 60, refusedMicros: 66);
        Assert.False(cost.Relieves);

        var windows = (int)(RefusalCost.Memory / Window) + 1;
        Run(cost, served: 400, refused: 0, servedMicros: 60, refusedMicros: 0, windows);
        Assert.True(double.IsNaN(cost.Ratio));
        Assert.True(cost.Relieves);
    }
}
