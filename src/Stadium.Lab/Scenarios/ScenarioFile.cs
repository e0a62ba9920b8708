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

    /// <summary>0 picks every account alike; above it, low ranks are busier.</summary>
    [Minimum(0)]
    public double ZipfExponent { get; set; } = 1.0;

    /// <summary>Connection pool size towards the target.</summary>
    public int Connections { get; set; } = 64;

    [DurationValue]
    public string RequestTimeout { get; set; } = "10s";

    [YamlExample("[ { executor: constant-users, users: 10, duration: 30s } ]")]
    public List<PhaseFile> Phases { get; set; } = [];

    [YamlExample("{ readFeed: 3, createPost: 1 }")]
    [Minimum(0, Excluded = true)]
    public Dictionary<string, double>? Journey { get; set; }

    [YamlExample("[ { name: home, url: / } ]")]
    public List<RequestFile>? Requests { get; set; }

    public PostBodyFile? PostBodies { get; set; }

    /// <summary>File for the write ledger (every acknowledged create).</summary>
    public string? Ledger { get; set; }

    /// <summary>Ratios for --mau; each one overrides a rule of thumb of docs/capacity.md.</summary>
    public ProfileFile? Profile { get; set; }

    /// <summary>Answers the target gives by design under load (declared sheds), so they are not counted as errors.</summary>
    public ExpectFile? Expect { get; set; }

    /// <summary>Thresholds in the compact syntax, in addition to those on the command line.</summary>
    [YamlExample("[ 'feed: p99<50ms' ]")]
    public List<string>? Thresholds { get; set; }
}
