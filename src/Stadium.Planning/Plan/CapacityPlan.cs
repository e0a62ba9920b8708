using System.Text.Json.Serialization;
using Stadium.Planning.Deploy;

namespace Stadium.Planning.Plan;

/// <summary>
/// A capacity plan (`stadium plan`), as plan.json writes it: the fixed top-level keys mau, activeIn15Minutes,
/// burstUsersPerMinute (plain numbers; their sources under traffic), endpoints, nodes, databasePool and autoscaling,
/// then redis, caches, workers, traffic, the inputs and the warnings. Every other number says where it came from.
/// </summary>
public sealed record CapacityPlan(
    long Mau,
    double ActiveIn15Minutes,
    double BurstUsersPerMinute,
    IReadOnlyList<EndpointPlan> Endpoints,
    NodePlan Nodes,
    PoolPlan DatabasePool,
    AutoscalePlan Autoscaling,
    RedisPlan Redis,
    IReadOnlyList<CacheTtl> Caches,
    WorkerPlan Workers,
    TrafficPlan Traffic,
    PlanSources Inputs,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The numbers the deploy files are filled with (deploy/, `stadium plan --emit`).</summary>
    public DeployValues ToDeployValues() => new()
    {
        ApiMinReplicas = Autoscaling.MinReplicas.Ceiling,
        ApiMaxReplicas = Autoscaling.MaxReplicas.Ceiling,
        ApiCpu = Nodes.Cpu,
        ApiMemory = Nodes.Memory,
        ApiConcurrency = Autoscaling.ApiConcurrency.Ceiling,
        WorkerMinReplicas = Workers.MinReplicas.Ceiling,
        WorkerMaxReplicas = Workers.MaxReplicas.Ceiling,
        WorkerCpu = Workers.Cpu,
        WorkerMemory = Workers.Memory,
        GatewayReplicas = Nodes.GatewayReplicas.Ceiling,
        DbPoolPerNode = DatabasePool.PrimaryPerNode.Ceiling,
        ReplicaPoolPerNode = DatabasePool.ReplicaPerNode.Ceiling,
        PrimaryMaxConnections = DatabasePool.RecommendedPrimaryMaxConnections.Ceiling,
        RedisMaxMemory = Redis.MaxMemory,
        TargetCpuUtilization = Autoscaling.CpuUtilization.Ceiling,
        TargetMemoryUtilization = Autoscaling.MemoryUtilization.Ceiling,
        TargetLatencyPercentOfObjective = Autoscaling.LatencyPercentOfObjective.Ceiling,
        TargetInFlightPerNode = Autoscaling.InFlightPerNode.Ceiling,
        QueueDepthPerWorker = Autoscaling.QueueDepthPerWorker.Ceiling,
        ScaleUpWindowSeconds = Autoscaling.ScaleUpWindowSeconds.Ceiling,
        ScaleDownWindowSeconds = Autoscaling.ScaleDownWindowSeconds.Ceiling,
        FeedCacheTtlSeconds = Ttl("feed"),
        ProfileCacheTtlSeconds = Ttl("profile"),
        PostCacheTtlSeconds = Ttl("post"),
    };

    [JsonIgnore]
    public bool HasWarnings => Warnings.Count > 0;

    private int Ttl(string cache) => Caches.Single(c => c.Cache == cache).TtlSeconds.Ceiling;
}
