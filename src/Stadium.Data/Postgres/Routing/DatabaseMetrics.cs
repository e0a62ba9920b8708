using System.Diagnostics.Metrics;

namespace Stadium.Data.Postgres.Routing;

/// <summary>The router's instruments on the "Stadium.Data" meter: where reads went, and each replica's state.</summary>
internal sealed class DatabaseMetrics
{
    public const string MeterName = "Stadium.Data";

    private static readonly KeyValuePair<string, object?> PrimaryRole = new("role", "primary");
    private static readonly KeyValuePair<string, object?> ReplicaRole = new("role", "replica");

    private readonly Counter<long> _reads;
    private readonly Counter<long> _fallbacks;
    private readonly Counter<long> _failovers;
    private readonly Counter<long> _primaryOutageReads;

    /// <param name="meters">The host's factory; null (tools, tests) uses a meter of the process.</param>
    public DatabaseMetrics(IMeterFactory? meters, IReadOnlyList<ReplicaNode> replicas, Func<bool> primaryAnswering)
    {
        var meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        _reads = meter.CreateCounter<long>("stadium.db.reads", "{read}", "Store reads by the role that served them.");
        _fallbacks = meter.CreateCounter<long>("stadium.db.replica.fallbacks", "{read}", "Reads sent to the primary because no replica was fresh or healthy enough.");
        _failovers = meter.CreateCounter<long>("stadium.db.replica.failovers", "{read}", "Reads that failed on a replica (lost or unanswered) and ran again on the primary.");
        _primaryOutageReads = meter.CreateCounter<long>("stadium.db.primary_outage_reads", "{read}",
            "Reads meant to be up to date that replicas served because the primary was not answering.");
        meter.CreateObservableGauge("stadium.db.replica.lag", () => replicas.Select(r =>
            new Measurement<long>(r.LagBytes, Replica(r))), "By", "WAL bytes a replica is behind the primary.");
        meter.CreateObservableGauge("stadium.db.replica.lag_time", () => replicas.Select(r =>
            new Measurement<double>(r.LagTime.TotalSeconds, Replica(r))), "s", "How long ago the primary was where the replica has replayed to.");
        meter.CreateObservableGauge("stadium.db.primary.answering", () => primaryAnswering() ? 1 : 0, "{server}", "1 while the primary answers the monitor.");
        meter.CreateObservableGauge("stadium.db.replica.in_rotation", () => replicas.Select(r =>
            new Measurement<int>(r.Healthy ? 1 : 0, Replica(r))), "{replica}", "1 when the replica takes reads.");
    }

    public void PrimaryRead() => _reads.Add(1, PrimaryRole);

    public void ReplicaRead() => _reads.Add(1, ReplicaRole);

    public void Fallback() => _fallbacks.Add(1);

    public void Failover(ReplicaNode replica) => _failovers.Add(1, Replica(replica));

    public void PrimaryOutageRead() => _primaryOutageReads.Add(1);

    private static KeyValuePair<string, object?> Replica(ReplicaNode replica) => new("replica", replica.Name);
}
