namespace Stadium.Chaos.Experiments;

/// <summary>An experiment's own cluster ended before it was ready (<see cref="LocalCluster"/> tries it once more).</summary>
internal sealed class ClusterExitedException(string message) : InvalidOperationException(message);
