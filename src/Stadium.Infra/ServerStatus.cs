namespace Stadium.Infra;

/// <summary>What one server reports right now. Fields that do not apply to its role stay null.</summary>
/// <param name="Error">Why the server could not be asked; null when it answered.</param>
/// <param name="StandbysStreaming">On a primary: standbys in pg_stat_replication with state 'streaming'.</param>
/// <param name="ReplicationState">On a standby, as the primary sees it: pg_stat_replication.state ('streaming').</param>
/// <param name="ReplayLagBytes">On a standby, as the primary sees it: WAL written on the primary but not yet replayed.</param>
/// <param name="ReplayLag">On a standby, as the primary sees it: pg_stat_replication.replay_lag (null when idle).</param>
/// <param name="ReplayLsn">On a standby: pg_last_wal_replay_lsn().</param>
/// <param name="ReplayPaused">On a standby: pg_is_wal_replay_paused(), set by pg_wal_replay_pause().</param>
/// <param name="PingMilliseconds">On Redis: the PING round trip.</param>
public sealed record ServerStatus(
    string Name,
    string Kind,
    string Role,
    int Port,
    bool Up,
    string? Error = null,
    bool? InRecovery = null,
    int? StandbysStreaming = null,
    string? ReplicationState = null,
    long? ReplayLagBytes = null,
    TimeSpan? ReplayLag = null,
    string? ReplayLsn = null,
    bool? ReplayPaused = null,
    double? PingMilliseconds = null);
