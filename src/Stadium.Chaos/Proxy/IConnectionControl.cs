namespace Stadium.Chaos.Proxy;

/// <summary>What a toxic may do to the whole connection it acts on.</summary>
internal interface IConnectionControl
{
    /// <summary>Cancelled once the connection is closed, by either end or by a toxic.</summary>
    CancellationToken Closed { get; }

    /// <summary>Closes both sockets in order (FIN): the peers read the end of the stream.</summary>
    void Close();

    /// <summary>Closes both sockets with linger 0, so each peer gets a TCP RST ("connection reset by peer").</summary>
    void Reset();
}
