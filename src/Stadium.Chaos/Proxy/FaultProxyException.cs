namespace Stadium.Chaos.Proxy;

/// <summary>The fault proxy refused a call: its HTTP status and the problem's message.</summary>
public sealed class FaultProxyException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
