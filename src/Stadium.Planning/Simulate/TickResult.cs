namespace Stadium.Planning.Simulate;

/// <summary>One second of the run: every endpoint's <see cref="EndpointTick"/>, the arrivals, the ready nodes' CPU utilisation and their count.</summary>
internal sealed record TickResult(IReadOnlyList<EndpointTick> Endpoints, double Arrivals, double Utilization, int ReadyNodes)
{
    public double Shed => Endpoints.Sum(e => e.Shed);
}
