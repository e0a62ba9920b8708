namespace Stadium.Lab.Scenarios;

/// <summary>
/// A scenario as written in YAML or JSON (JSON is read as YAML). Either <see cref="Journey"/> (Stadium
/// journeys, action weights) or <see cref="Requests"/> (generic mode, any HTTP service).
/// </summary>
public sealed class ScenarioFile
{
    public string? Name { get; set; }

    public string? Target { get; set; }

    /// <summary>Seeded accounts user1..userN the journeys log in as.</summary>
    public int Population { get; set; } = 1000;

    public string Password { get; set; } = "stadium-demo-password";

    public double ZipfExponent { get; set; } = 1.0;

    /// <summary>Connection pool size towards the target.</summary>
    public int Connections { get; set; } = 64;

    public string RequestTimeout { get; set; } = "10s";

    public List<PhaseFile> Phases { get; set; } = [];

    public Dictionary<string, double>? Journey { get; set; }

    public List<RequestFile>? Requests { get; set; }

    public PostBodyFile? PostBodies { get; set; }

    /// <summary>File for the write ledger (every acknowledged create).</summary>
    public string? Ledger { get; set; }

    /// <summary>Ratios for --mau; each one overrides DESIGN.md's rule of thumb.</summary>
    public ProfileFile? Profile { get; set; }

    /// <summary>Thresholds in the compact syntax, in addition to those on the command line.</summary>
    public List<string>? Thresholds { get; set; }
}

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

public sealed class StageFile
{
    public string Duration { get; set; } = "10s";

    public double Target { get; set; }
}

public sealed class ThinkTimeFile
{
    public string Min { get; set; } = "0s";

    public string Max { get; set; } = "0s";
}

public sealed class RequestFile
{
    public string? Name { get; set; }

    public string Method { get; set; } = "GET";

    public string Url { get; set; } = "/";

    public Dictionary<string, string>? Headers { get; set; }

    public string? Body { get; set; }

    public double Weight { get; set; } = 1;
}

public sealed class PostBodyFile
{
    public int MinChars { get; set; } = 8;

    public int MedianChars { get; set; } = 120;

    public int MaxChars { get; set; } = 2000;

    public double Sigma { get; set; } = 0.9;
}

public sealed class ProfileFile
{
    public double? ActiveShare { get; set; }

    public double? BurstShare { get; set; }

    public double? RequestsPerActiveUser { get; set; }

    public double? FeedReadsPerLogin { get; set; }

    public double? ExpectedLatencyMs { get; set; }

    /// <summary>Logins per active user per 15-minute window in the steady traffic (1).</summary>
    public double? LoginsPerActiveUser { get; set; }

    /// <summary>Divide the derived rates by this, to rehearse a big MAU on a small machine at the same shape.</summary>
    public double? Scale { get; set; }
}
