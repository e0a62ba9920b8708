namespace Stadium.Planning.Simulate;

/// <summary>
/// One endpoint in one tick: arrivals answered and shed, and the latency of the answered ones, R = Offset + S where S
/// has the endpoint's shape and mean <see cref="Mean"/> (its own time, slowed by the tick's utilisation); Offset is
/// the gateway's own latency and the backlog's wait.
/// </summary>
internal readonly record struct EndpointTick(double Answered, double Shed, double Offset, double Mean)
{
    public double Cdf(ServiceShape shape, double seconds) => shape.Cdf(seconds - Offset, Mean);

    public double Quantile(ServiceShape shape, double p) => Offset + shape.Quantile(p, Mean);
}
