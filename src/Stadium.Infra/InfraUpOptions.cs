namespace Stadium.Infra;

/// <summary>What <c>stadium infra up</c> starts.</summary>
/// <param name="Dir">The data folder: one sub-folder per server, logs beside them, and stadium.json.</param>
/// <param name="Replicas">Streaming standbys of the primary.</param>
/// <param name="BasePort">The primary's port, the replicas' the next ones and Redis the one after; null picks free ports at random.</param>
public sealed record InfraUpOptions(string Dir, int Replicas = 1, PostgresTuning? Tuning = null, int? BasePort = null);
