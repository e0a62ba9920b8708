namespace Stadium.Data.Postgres.Routing;

/// <summary>
/// Polls the primary's WAL position and every replica's replay position, so routing decisions never wait on a round
/// trip: a replica leaves the rotation when it stops answering or falls too far behind, and returns when it catches up.
/// </summary>
internal sealed class ReplicaMonitor : IAsyncDisposable
{
    private readonly PostgresDataSources _sources;
    private readonly PostgresOptions _options;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    public ReplicaMonitor(PostgresDataSources sources, PostgresOptions options, TimeProvider time)
    {
        _sources = sources;
        _options = options;
        _time = time;
        _loop = sources.Replicas.Count > 0 ? Task.Run(RunAsync) : Task.CompletedTask;
    }

    /// <summary>Whether the primary answers the monitor (false from its first unanswered probe until the next answered one).</summary>
    public AnswerWatch Primary { get; } = new();

    private async Task RunAsync()
    {
        try
        {
            await ProbeLoopAsync();
        }
        catch (Exception) when (_stopping.IsCancellationRequested)
        {
            // Shutting down: whatever the last probe was doing no longer matters.
        }
    }

    private async Task ProbeLoopAsync()
    {
        using var timer = new PeriodicTimer(_options.ReplicaProbeInterval, _time);
        var history = new PrimaryHistory(_time);
        do
        {
            ulong primaryLsn;
            try
            {
                primaryLsn = await Stranded.WithDeadlineAsync(ReadPrimaryLsnAsync, _options.ReplicaProbeTimeout, _stopping.Token);
                Primary.Answered();
            }
            catch (Exception) when (!_stopping.IsCancellationRequested)
            {
                Primary.Stopped();
                continue;
            }

            history.Add(primaryLsn);
            // Side by side: one replica that stops answering must not delay the others' probes by its timeout.
            await Task.WhenAll(_sources.Replicas.Select(replica => replica.ProbeAsync(primaryLsn, history, _options, _stopping.Token)));
        }
        while (await WaitAsync(timer));
    }

    private async Task<ulong> ReadPrimaryLsnAsync(CancellationToken ct)
    {
        await using var connection = await _sources.PrimaryProbe.OpenConnectionAsync(ct);
        return await WalPosition.CurrentAsync(connection, ct);
    }

    private async Task<bool> WaitAsync(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stopping.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _loop;
        _stopping.Dispose();
    }
}
