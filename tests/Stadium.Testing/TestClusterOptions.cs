namespace Stadium.Testing;

/// <summary>What a test run starts.</summary>
/// <param name="Replicas">Streaming standbys of the primary; 0 when the tests need the primary alone.</param>
/// <param name="Fsync">Off by default: test data need not survive a power cut, and commits get faster.</param>
/// <param name="Dir">The data folder; null for a fresh one under the temporary folder.</param>
public sealed record TestClusterOptions(int Replicas = 1, bool Fsync = false, string? Dir = null);
