using Npgsql;
using Stadium.Data.Requests;

namespace Stadium.Data.Postgres.Routing;

/// <summary>
/// The pools: one bounded pool per role for requests, a one-connection pool per server for the monitor (a saturated
/// request pool must not make a healthy server look down), and an untimed primary pool for migrations and bulk loads.
/// </summary>
internal sealed class PostgresDataSources : IAsyncDisposable
{
    private readonly PostgresOptions _options;
    private readonly DataRequestAccessor _requests;
    private readonly Lazy<NpgsqlDataSource> _bulkLoad;

    public PostgresDataSources(PostgresOptions options, DataRequestAccessor requests)
    {
        _options = options;
        _requests = requests;
        Primary = BuildRequestPool(options.Primary, "primary");
        PrimaryProbe = BuildProbePool(options.Primary, "primary-monitor");
        _bulkLoad = new Lazy<NpgsqlDataSource>(() => BuildBulkLoadPool(options.Primary));
        Replicas = options.Replicas.Select((cs, i) =>
            new ReplicaNode($"replica{i + 1}", BuildRequestPool(cs, $"replica{i + 1}"), BuildProbePool(cs, $"replica{i + 1}-monitor"))).ToList();
    }

    public NpgsqlDataSource Primary { get; }

    public NpgsqlDataSource PrimaryProbe { get; }

    /// <summary>
    /// How long the untimed pool waits to open a connection. Its first one, in a process just started, runs Npgsql's
    /// bootstrap (the server's types) through code not yet compiled: a node starting under a CPU quota of half a core on a
    /// busy machine took more than the request pools' 2 s for it (and exited at start, its migration failed with
    /// "Timeout during reading attempt"). Nothing waits on a start but the start itself.
    /// </summary>
    private static readonly TimeSpan StartConnectTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The primary without a command timeout and with a patient connect, for schema migrations at start (which may wait
    /// for another node's migration lock), bulk loads and index builds (`stadium seed`), which may run for minutes.
    /// </summary>
    public NpgsqlDataSource BulkLoad => _bulkLoad.Value;

    public IReadOnlyList<ReplicaNode> Replicas { get; }

    /// <summary>Opens a request connection, counted as one store round trip of the current request.</summary>
    public async ValueTask<NpgsqlConnection> OpenAsync(NpgsqlDataSource source, CancellationToken ct)
    {
        _requests.Current?.RecordStoreCall();
        return await source.OpenConnectionAsync(ct);
    }

    /// <summary>A role's pool for requests: bounded, a short wait for a free connection, and a command timeout.</summary>
    private NpgsqlDataSource BuildRequestPool(string connectionString, string name) =>
        Build(new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxPoolSize = _options.MaxPoolSize,
            Timeout = Seconds(_options.PoolWaitTimeout),
            CommandTimeout = Seconds(_options.CommandTimeout),
            ApplicationName = "stadium",
            MaxAutoPrepare = _options.MaxAutoPrepare,
        }, name);

    private NpgsqlDataSource BuildProbePool(string connectionString, string name) =>
        Build(new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxPoolSize = 1,
            Timeout = Seconds(_options.ReplicaProbeTimeout),
            CommandTimeout = Seconds(_options.ReplicaProbeTimeout),
            // A probe that timed out has its answer (the server is not answering): no 2 s wait for the cancellation.
            CancellationTimeout = -1,
            ApplicationName = "stadium-monitor",
        }, name);

    private NpgsqlDataSource BuildBulkLoadPool(string connectionString) =>
        Build(new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxPoolSize = 2,
            Timeout = Seconds(_options.PoolWaitTimeout > StartConnectTimeout ? _options.PoolWaitTimeout : StartConnectTimeout),
            CommandTimeout = 0,
            ApplicationName = "stadium-bulk-load",
        }, "primary-bulk-load");

    private static NpgsqlDataSource Build(NpgsqlConnectionStringBuilder builder, string name) =>
        new NpgsqlDataSourceBuilder(builder.ConnectionString) { Name = name }.Build();

    private static int Seconds(TimeSpan span) => Math.Max(1, (int)Math.Ceiling(span.TotalSeconds));

    public async ValueTask DisposeAsync()
    {
        await Primary.DisposeAsync();
        await PrimaryProbe.DisposeAsync();
        if (_bulkLoad.IsValueCreated)
        {
            await _bulkLoad.Value.DisposeAsync();
        }

        foreach (var replica in Replicas)
        {
            await replica.Source.DisposeAsync();
            await replica.ProbeSource.DisposeAsync();
        }
    }
}
