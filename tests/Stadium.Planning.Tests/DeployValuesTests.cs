using Stadium.Planning.Deploy;
using Stadium.Planning.Plan;

namespace Stadium.Planning.Tests;

/// <summary>The deploy files' default values are the plan for 1,000,000 MAU with the committed inputs.</summary>
public sealed class DeployValuesTests
{
    [Fact]
    public void The_default_values_are_the_plan_for_a_million_users()
    {
        var planned = CapacityPlanner.Plan(PlanInputs.Defaults(1_000_000)).ToDeployValues();

        Assert.Equal(planned, DeployValues.Default);
    }

    [Fact]
    public void Replicas_and_pools_follow_the_plan_and_scale_with_the_users()
    {
        var million = CapacityPlanner.Plan(PlanInputs.Defaults(1_000_000));
        var tenMillion = CapacityPlanner.Plan(PlanInputs.Defaults(10_000_000));

        Assert.True(million.Nodes.Steady.Value <= million.Nodes.BusyMinute.Value);
        Assert.True(tenMillion.Nodes.BusyMinute.Value > million.Nodes.BusyMinute.Value * 5);
        Assert.Equal(million.Autoscaling.MinReplicas.Value, million.ToDeployValues().ApiMinReplicas);
        Assert.Equal(million.Autoscaling.MaxReplicas.Value, million.ToDeployValues().ApiMaxReplicas);
    }
}
