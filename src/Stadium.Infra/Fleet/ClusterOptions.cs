using Stadium.Infra.Chaos;

namespace Stadium.Infra.Fleet;

/// <summary>What <c>stadium up --cluster</c> starts.</summary>
/// <param name="DataDir">Everything the cluster writes: cluster.json, infra/, shared/, logs/, gateway.json.</param>
/// <param name="Stadium">The command that runs the stadium CLI itself (the executable, or dotnet and stadium.dll).</param>
/// <param name="Nodes">API nodes at start.</param>
/// <param name="Workers">Job workers at start.</param>
/// <param name="Replicas">PostgreSQL streaming replicas.</param>
/// <param name="NodeCpu">Each API node's and worker's CPU quota in cores.</param>
/// <param name="NodeMemoryBytes">Each API node's and worker's memory limit.</param>
/// <param name="GatewayPort">Where the gateway listens (and with it the whole cluster's API).</param>
/// <param name="Users">Demo accounts to seed.</param>
public sealed record ClusterOptions(
    string DataDir,
    IReadOnlyList<string> Stadium,
    int Nodes = 2,
    int Workers = 1,
    int Replicas = 1,
    double NodeCpu = 0.5,
    long NodeMemoryBytes = 512L << 20,
    int GatewayPort = 8080,
    int Users = 10_000)
{
    /// <summary>The most API nodes or workers one cluster runs: every node costs a process and a share of this machine.</summary>
    public const int MaxReplicas = 32;

    /// <summary>The most PostgreSQL streaming replicas one cluster's data tier runs.</summary>
    public const int MaxDatabaseReplicas = 8;

    /// <summary>How long a draining node may keep requests in flight before it is stopped anyway (the gateway's Drain:Timeout default).</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Between SIGTERM and SIGKILL: a node drains its own requests and jobs for up to 20 s (HostOptions.ShutdownTimeout).</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>How long a new node may take to answer /health/ready with 200 before it counts as failed.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>What runs inside the control API once the cluster is up (the autoscaler); null: nothing.</summary>
    public IClusterCompanion? Companion { get; init; }

    /// <summary>When set, the data tier runs behind a fault proxy (<c>--chaos</c>): the nodes reach every server through it.</summary>
    public ChaosProxyLaunch? Chaos { get; init; }

    /// <summary>
    /// The CFS period of each node's CPU quota in microseconds; null: <see cref="CgroupLimiter.PeriodFor"/> (10 ms for a
    /// node of a core or less, 100 ms above).
    /// </summary>
    public int? NodeCpuPeriodMicroseconds { get; init; }

    /// <summary>The CFS period the nodes get: <see cref="NodeCpuPeriodMicroseconds"/> or the limiter's rule.</summary>
    public int CpuPeriodMicroseconds => NodeCpuPeriodMicroseconds ?? CgroupLimiter.PeriodFor(NodeCpu);

    /// <summary>Where the cgroup hierarchies are mounted.</summary>
    public string CgroupRoot { get; init; } = CgroupLimiter.DefaultRoot;
}
