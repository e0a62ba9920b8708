using Stadium.Planning.Simulate;

namespace Stadium.Planning.Tests.Simulate;

/// <summary>The fleet model's arithmetic: capacity from CPU, queueing delay toward saturation, shedding at the queue deadline, the service-time shape.</summary>
public sealed class FleetModelTests
{
    private const double Deadline = 0.020;

    [Fact]
    public void A_node_serves_what_its_cores_allow_and_no_more()
    {
        var backlog = 0.0;

        var light = FluidQueue.Step(ref backlog, offered: 0.3, cores: 0.5, Deadline);

        Assert.Equal(0.3, light.Served, 9);
        Assert.Equal(0.6, light.Utilization, 9);
        Assert.Equal(0, light.ShedShare);
        Assert.Equal(0, light.Delay);

        var heavy = FluidQueue.Step(ref backlog, offered: 1.0, cores: 0.5, Deadline);

        Assert.Equal(0.5, heavy.Served, 9);
        Assert.Equal(1, heavy.Utilization, 9);
    }

    [Fact]
    public void Queueing_delay_grows_toward_saturation_and_more_cores_queue_less()
    {
        double[] rhos = [0.1, 0.5, 0.7, 0.9, 0.95];
        var oneCore = rhos.Select(r => FluidQueue.Slowdown(r, 1)).ToList();

        Assert.Equal(2, FluidQueue.Slowdown(0.5, 1), 9);
        Assert.Equal(10, FluidQueue.Slowdown(0.9, 1), 6);
        Assert.Equal(oneCore.Order(), oneCore);
        Assert.All(rhos, r => Assert.True(FluidQueue.Slowdown(r, 8) < FluidQueue.Slowdown(r, 1), $"8 cores at {r} queue less than one"));
        Assert.True(FluidQueue.Slowdown(1.5, 1) <= 1 / (1 - FluidQueue.MaxUtilization) + 1e-9);
    }

    [Fact]
    public void Work_is_shed_only_once_the_wait_would_pass_the_queue_deadline()
    {
        var backlog = 0.0;
        var cores = 1.0;

        // Over capacity by less than the deadline's worth of work: it waits, nothing is shed.
        var first = FluidQueue.Step(ref backlog, offered: cores + (Deadline * cores * 0.75), cores, Deadline);
        Assert.Equal(0, first.ShedShare);
        Assert.Equal(Deadline * 0.75, first.Delay, 9);

        // The same again: the backlog would pass the deadline, so the excess is shed and the wait stays at the deadline.
        var second = FluidQueue.Step(ref backlog, offered: cores + (Deadline * cores * 0.75), cores, Deadline);
        Assert.True(second.ShedShare > 0);
        Assert.Equal(Deadline, second.Delay, 9);
        Assert.Equal(Deadline * cores, backlog, 9);

        // Twice the capacity: about half is shed.
        var overload = FluidQueue.Step(ref backlog, offered: 2 * cores, cores, Deadline);
        Assert.Equal(0.5, overload.ShedShare, 2);
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(3.2)]
    [InlineData(4.605)]
    public void The_service_time_shape_has_the_measured_tail(double p99OverMean)
    {
        var shape = ServiceShape.FromTail(p99OverMean);
        var mean = 0.27;

        Assert.Equal(p99OverMean * mean, shape.Quantile(0.99, mean), 3);
        Assert.Equal(0.99, shape.Cdf(shape.Quantile(0.99, mean), mean), 6);
        Assert.Equal(0.5, shape.Cdf(shape.Quantile(0.5, mean), mean), 6);
        Assert.Equal(1, shape.Shift + shape.Scale, 9);
    }

    [Fact]
    public void A_tick_with_no_ready_node_refuses_everything_at_the_gateway()
    {
        var clock = new SimulatedClock(DateTimeOffset.UnixEpoch);
        var shape = new FleetShape(1, 512 << 20, 0.6, 150 << 20, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(20));
        var fleet = new Fleet(shape, clock);
        fleet.Scale(1);
        EndpointModel[] endpoints = [new("feed", "GET", "/v1/feed", 0.001, ServiceShape.Exponential, null, 1)];
        var gateway = new GatewayCounters(endpoints);
        var server = new TickServer(endpoints, fleet, gateway, new Random(1));

        var starting = server.Serve([100]);
        clock.Advance(TimeSpan.FromSeconds(15));
        fleet.Advance();
        var ready = server.Serve([100]);

        Assert.Equal(100, starting.Shed);
        Assert.Equal(0, ready.Shed);
        Assert.Equal(1, ready.ReadyNodes);
        Assert.Equal(100, gateway.Routes[0].Shed);
        Assert.Equal(100, gateway.Routes[0].Ok);
        Assert.True(fleet.Nodes[0].CpuSeconds > 0.05, $"the node's CPU counter moved by the work served ({fleet.Nodes[0].CpuSeconds})");
    }
}
