namespace Stadium.Lab.Scenarios;

[YamlExample("{ executor: constant-users, users: 10, duration: 30s }")]
public sealed class PhaseFile
{
    public string? Name { get; set; }

    public string Executor { get; set; } = "constant-users";

    [DurationValue]
    public string? Duration { get; set; }

    /// <summary>constant-arrival-rate: iterations per second.</summary>
    public double? Rate { get; set; }

    public double? StartRate { get; set; }

    /// <summary>constant-users: users.</summary>
    public int? Users { get; set; }

    public int? StartUsers { get; set; }

    [YamlExample("[ { duration: 30s, target: 50 } ]")]
    public List<StageFile>? Stages { get; set; }

    public int MaxInFlight { get; set; } = 10_000;

    public ThinkTimeFile? ThinkTime { get; set; }

    [DurationValue]
    public string GracefulStop { get; set; } = "10s";

    /// <summary>This phase's journey mix, when it differs from the scenario's.</summary>
    [YamlExample("{ openApp: 1 }")]
    [Minimum(0, Excluded = true)]
    public Dictionary<string, double>? Journey { get; set; }
}
