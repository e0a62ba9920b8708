using Npgsql;

namespace Stadium.Data.Postgres.Routing;

/// <summary>One replica's pool and what the monitor last saw of it.</summary>
internal sealed class ReplicaNode(string name, NpgsqlDataSource source, NpgsqlDataSource probeSource)
{
    private readonly AnswerWatch _answers = new();
    private long _replayLsn;
    private long _lagBytes;
    private long _lagTicks;
    private volatile bool _healthy;

    public string Name => name;

    /// <summary>The pool reads use.</summary>
    public NpgsqlDataSource Source => source;

    /// <summary>The monitor's own connection, apart from the reads' pool.</summary>
    public NpgsqlDataSource ProbeSource => probeSource;

    public ulong ReplayLsn => (ulong)Interlocked.Read(ref _replayLsn);

    public long LagBytes => Interlocked.Read(ref _lagBytes);

    public TimeSpan LagTime => TimeSpan.FromTicks(Interlocked.Read(ref _lagTicks));

    public bool Healthy => _healthy;

    /// <summary>Completes when the replica stops answering (a failed probe or connection); renewed once it answers again.</summary>
    public Task StoppedAnswering => _answers.StoppedAnswering;

    /// <summary>Takes the replica out of the read rotation and releases the reads waiting on it.</summary>
    public void MarkNotAnswering()
    {
        _healthy = false;
        _answers.Stopped();
    }

    /// <summary>Reads the replay position; in rotation while it answers within the probe timeout and lags within both bounds.</summary>
    public async Task ProbeAsync(ulong primaryLsn, PrimaryHistory history, PostgresOptions options, CancellationToken ct)
    {
        try
        {
            var replay = await Stranded.WithDeadlineAsync(ReadReplayLsnAsync, options.ReplicaProbeTimeout, ct);
            Interlocked.Exchange(ref _replayLsn, (long)replay);
            var lag = primaryLsn > replay ? (long)(primaryLsn - replay) : 0;
            Interlocked.Exchange(ref _lagBytes, lag);
            var lagTime = history.LagOf(replay);
            Interlocked.Exchange(ref _lagTicks, lagTime.Ticks);
            _answers.Answered();
            _healthy = lag <= options.MaxReplicaLagBytes && lagTime <= options.MaxReplicaLag;
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            MarkNotAnswering();
        }
    }

    private async Task<ulong> ReadReplayLsnAsync(CancellationToken ct)
    {
        await using var connection = await probeSource.OpenConnectionAsync(ct);
        return await WalPosition.ReplayedAsync(connection, ct);
    }
}
