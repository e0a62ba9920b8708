namespace Stadium.Data.Postgres;

/// <summary>The "Stadium:Store:Postgres" section, as `stadium infra up` writes it.</summary>
public sealed class PostgresOptions
{
    public string Primary { get; set; } = "";

    public List<string> Replicas { get; set; } = [];

    /// <summary>Connections per role (primary, each replica). Bounded: an unbounded pool moves the outage into the database.</summary>
    public int MaxPoolSize { get; set; } = 40;

    /// <summary>
    /// Statements Npgsql prepares automatically per connection (its LRU of the most used SQL texts; 0 turns it off).
    /// The store runs a few dozen fixed statements millions of times, so parsing and planning each once per
    /// connection instead of once per call is free throughput.
    /// </summary>
    public int MaxAutoPrepare { get; set; } = 64;

    /// <summary>How long a request waits for a pooled connection before failing fast with 503.</summary>
    public TimeSpan PoolWaitTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long one statement may run before Npgsql cancels it (Npgsql's own default is 30 s). A read on a replica
    /// that stops answering then fails over to the primary after this (plus Npgsql's 2 s wait for the
    /// cancellation), instead of holding the request and its connection for half a minute. Bulk loads
    /// (`stadium seed`) use a connection without it.
    /// </summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A replica further behind than this (bytes of WAL) leaves the read rotation until it catches up.</summary>
    public long MaxReplicaLagBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// A replica further behind than this in time (how long ago the primary was where the replica is now) also
    /// leaves the rotation: a replica frozen a few hundred bytes behind never passes the byte bound, but its
    /// readers would see an ever older past. Read-your-writes covers at least this long after each write.
    /// </summary>
    public TimeSpan MaxReplicaLag { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often replica replay positions are polled.</summary>
    public TimeSpan ReplicaProbeInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>A probe that gets no answer within this takes the replica out of the read rotation until one does.</summary>
    public TimeSpan ReplicaProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long after a write a user's reads wait for replicas to reach it (then the write is old news everywhere).</summary>
    public TimeSpan ReadYourWritesWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a read that needs a position the replica has not replayed yet waits for it, asking again, before it goes to
    /// the primary. Under writes a replica is usually a millisecond or two behind; zero sends such reads straight on.
    /// </summary>
    public TimeSpan ReplicaCatchUpWait { get; set; } = TimeSpan.FromMilliseconds(10);
}
