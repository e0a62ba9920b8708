using Stadium.Infra.Chaos;

namespace Stadium.Infra;

/// <summary>What <c>stadium infra up</c> starts.</summary>
/// <param name="Dir">The data folder: one sub-folder per server, logs beside them, and stadium.json.</param>
/// <param name="Replicas">Streaming standbys of the primary.</param>
/// <param name="BasePort">The primary's port, the replicas' the next ones and Redis the one after (with <paramref name="Chaos"/>, the proxy's API and its listen ports after that); null picks free ports at random.</param>
/// <param name="Chaos">When set, a fault proxy stands between the nodes and every server: stadium.json names its listen ports.</param>
public sealed record InfraUpOptions(string Dir, int Replicas = 1, PostgresTuning? Tuning = null, int? BasePort = null, ChaosProxyLaunch? Chaos = null);
