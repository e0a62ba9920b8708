namespace Stadium.Infra.Chaos;

/// <summary>
/// How <c>infra up --chaos</c> runs the fault proxy: <paramref name="Command"/> is <c>stadium chaos proxy</c> (the CLI
/// itself, as the cluster runs its nodes), to which the launcher adds <c>--api 127.0.0.1:PORT</c>.
/// </summary>
public sealed record ChaosProxyLaunch(IReadOnlyList<string> Command);
