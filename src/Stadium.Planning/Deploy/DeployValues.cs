namespace Stadium.Planning.Deploy;

/// <summary>
/// The numbers the deploy files are filled with: the contract between the planner (<c>Plan.ToDeployValues()</c>) and
/// <see cref="DeployRenderer"/>. Each property is a <c>{{Name}}</c> placeholder in the templates under
/// <c>Deploy/Templates/</c>; the committed deploy/ folder is <c>Render(Default, "deploy")</c>.
/// </summary>
public sealed record DeployValues
{
    /// <summary>API nodes kept running: the HPA's minReplicas, ECS's MinCapacity, Cloud Run's min instances.</summary>
    public required int ApiMinReplicas { get; init; }

    public required int ApiMaxReplicas { get; init; }

    /// <summary>Kubernetes CPU quantity per API node, e.g. "500m".</summary>
    public required string ApiCpu { get; init; }

    /// <summary>Kubernetes memory quantity per API node, e.g. "512Mi".</summary>
    public required string ApiMemory { get; init; }

    /// <summary>Requests in flight one node serves well: Cloud Run's containerConcurrency.</summary>
    public required int ApiConcurrency { get; init; }

    public required int WorkerMinReplicas { get; init; }

    public required int WorkerMaxReplicas { get; init; }

    public required string WorkerCpu { get; init; }

    public required string WorkerMemory { get; init; }

    public required int GatewayReplicas { get; init; }

    /// <summary>Npgsql Maximum Pool Size on the primary, per API node.</summary>
    public required int DbPoolPerNode { get; init; }

    /// <summary>Npgsql Maximum Pool Size on each replica, per API node.</summary>
    public required int ReplicaPoolPerNode { get; init; }

    /// <summary>PostgreSQL max_connections on the primary: every node's pool at the maximum replica count, and room for workers and operators.</summary>
    public required int PrimaryMaxConnections { get; init; }

    /// <summary>Redis maxmemory, e.g. "2gb".</summary>
    public required string RedisMaxMemory { get; init; }

    public required int TargetCpuUtilization { get; init; }

    public required int TargetMemoryUtilization { get; init; }

    /// <summary>The p99 target as a percentage of the tightest latency objective (100: scale when p99 reaches the objective).</summary>
    public required int TargetLatencyPercentOfObjective { get; init; }

    public required int TargetInFlightPerNode { get; init; }

    /// <summary>Pending jobs per worker before another worker starts (KEDA's queue length).</summary>
    public required int QueueDepthPerWorker { get; init; }

    public required int ScaleUpWindowSeconds { get; init; }

    public required int ScaleDownWindowSeconds { get; init; }

    public required int FeedCacheTtlSeconds { get; init; }

    public required int ProfileCacheTtlSeconds { get; init; }

    public required int PostCacheTtlSeconds { get; init; }

    /// <summary>
    /// The values of <c>stadium plan --mau 1000000</c> with the committed inputs (bench/capacity/, the built-in slo.yaml,
    /// the default assumptions): what the committed deploy/ folder is rendered with. A test fails when the plan and
    /// these differ; docs/planning.md explains each number.
    /// </summary>
    public static DeployValues Default { get; } = new()
    {
        ApiMinReplicas = 17,
        ApiMaxReplicas = 49,
        ApiCpu = "1000m",
        ApiMemory = "512Mi",
        ApiConcurrency = 22,
        WorkerMinReplicas = 8,
        WorkerMaxReplicas = 16,
        WorkerCpu = "1000m",
        WorkerMemory = "512Mi",
        GatewayReplicas = 2,
        DbPoolPerNode = 5,
        ReplicaPoolPerNode = 4,
        PrimaryMaxConnections = 350,
        RedisMaxMemory = "1gb",
        TargetCpuUtilization = 70,
        TargetMemoryUtilization = 85,
        TargetLatencyPercentOfObjective = 100,
        TargetInFlightPerNode = 3,
        QueueDepthPerWorker = 5,
        ScaleUpWindowSeconds = 0,
        ScaleDownWindowSeconds = 300,
        FeedCacheTtlSeconds = 5,
        ProfileCacheTtlSeconds = 30,
        PostCacheTtlSeconds = 600,
    };
}
