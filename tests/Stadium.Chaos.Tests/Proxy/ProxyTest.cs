namespace Stadium.Chaos.Tests.Proxy;

/// <summary>What every proxy test starts with: an echo server and the fault proxy (on <c>time</c>, the real clock by default).</summary>
public abstract class ProxyTest(TimeProvider? time = null) : IAsyncLifetime
{
    internal EchoServer Echo { get; } = new();

    internal ProxyUnderTest Proxies { get; private set; } = null!;

    public async Task InitializeAsync() => Proxies = await ProxyUnderTest.StartAsync(time);

    public async Task DisposeAsync()
    {
        await Proxies.DisposeAsync();
        await Echo.DisposeAsync();
    }
}
