namespace Stadium.Infra.Chaos;

/// <summary>
/// <c>Infra.Chaos</c> in stadium.json, written by <c>infra up --chaos</c>: where the fault proxy's HTTP API (Toxiproxy's
/// routes) answers, so <c>stadium chaos</c> finds the proxies that stand between the nodes and each dependency.
/// </summary>
public sealed record ChaosSection(string ProxyApi);
