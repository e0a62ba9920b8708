namespace Stadium.Lab.Scenarios;

public sealed class PhaseFile
{
    public string? Name { get; set; }

    public string Executor { get; set; } = "constant-users";

    public string? Duration { get; set; }

    /// <summary>constant-arrival-rate: iterations per second.</summary>
    public double? Rate { get; set; }

    public double? StartRate { get; set; }

    /// <summary>constant-users: users.</summary>
    public int? Users { get; set; }

    public int? StartUsers { get; set; }

    public List<StageFile>? Stages { get; set; }

    public int MaxInFlight { get; set; } = 10_000;

    public ThinkTimeFile? ThinkTime { get; set; }

    public string GracefulStop { get; set; } = "10s";

    /// <summary>This phase's journey mix, when it differs from the scenario's.</summary>
    public Dictionary<string, double>? Journey { get; set; }
}
