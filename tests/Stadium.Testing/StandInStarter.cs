using Stadium.Infra.Chaos;

namespace Stadium.Testing;

/// <summary>
/// Gives the launcher <see cref="ToxiproxyStandIn"/> instead of a proxy process (pid 0: nothing for <c>down</c> to
/// signal); the test disposes the stand-in itself.
/// </summary>
public sealed class StandInStarter : IChaosProxyStarter
{
    public ToxiproxyStandIn StandIn { get; } = new();

    public async Task<int> StartAsync(ChaosProxyLaunch launch, string folder, int apiPort, CancellationToken ct)
    {
        await StandIn.StartAsync(apiPort, ct);
        return 0;
    }
}
