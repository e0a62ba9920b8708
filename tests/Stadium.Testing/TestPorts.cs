using Stadium.Infra;

namespace Stadium.Testing;

/// <summary>Ports for servers a test starts in another process (nginx, chromedriver, stadium serve).</summary>
public static class TestPorts
{
    /// <summary>
    /// A loopback port free now, below Linux's ephemeral range: a port the kernel hands out for port 0 comes from the range
    /// outgoing connections draw from, so any client connection of the (busy, parallel) suite could take it in the
    /// seconds before the child process binds it.
    /// </summary>
    public static int Pick() => FreePort.Pick();
}
