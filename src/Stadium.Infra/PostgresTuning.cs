namespace Stadium.Infra;

/// <summary>Settings every launched server shares; the standbys inherit them through pg_basebackup.</summary>
/// <param name="Fsync">Off makes a crash lose data; tests may turn it off for speed.</param>
/// <param name="MaxConnections">Room for several service nodes' pools plus the load lab.</param>
/// <param name="SharedBuffers">Modest: a primary and its replicas share one small machine.</param>
public sealed record PostgresTuning(bool Fsync = true, int MaxConnections = 200, string SharedBuffers = "64MB");
