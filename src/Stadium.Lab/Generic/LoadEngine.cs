namespace Stadium.Lab.Generic;

/// <summary>How `stadium load url` speaks HTTP.</summary>
public enum LoadEngine
{
    /// <summary>Sockets and pre-formatted HTTP/1.1 bytes, nothing allocated per request; http:// only.</summary>
    Raw,

    /// <summary>SocketsHttpHandler: https, and the reference the raw engine is checked against.</summary>
    HttpClient,
}
