namespace Stadium.Infra.Chaos;

/// <summary>Starts the fault proxy with its API on 127.0.0.1:<c>apiPort</c> and returns its pid.</summary>
internal interface IChaosProxyStarter
{
    Task<int> StartAsync(ChaosProxyLaunch launch, string folder, int apiPort, CancellationToken ct);
}
