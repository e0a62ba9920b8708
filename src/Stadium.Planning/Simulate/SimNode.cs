namespace Stadium.Planning.Simulate;

/// <summary>
/// One simulated API node: started when the autoscaler asked for it, ready (in rotation) after the start-up time,
/// draining (out of rotation, still counted and still scraped) from a scale-in until it is gone. Its CPU counter is what
/// the CPU signal reads.
/// </summary>
internal sealed class SimNode(string name, DateTimeOffset startedAt, DateTimeOffset readyAt)
{
    public string Name { get; } = name;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public DateTimeOffset ReadyAt { get; } = readyAt;

    /// <summary>Set on a scale-in: when the drained node's process ends.</summary>
    public DateTimeOffset? GoneAt { get; set; }

    public bool Draining => GoneAt is not null;

    /// <summary>Ready and in rotation (set by <see cref="Fleet.Advance"/>).</summary>
    public bool Ready { get; set; }

    /// <summary>dotnet_process_cpu_time_seconds_total.</summary>
    public double CpuSeconds { get; set; }

    /// <summary>Requests being served (the gateway's stadium_gateway_in_flight for this node).</summary>
    public double InFlight { get; set; }
}
