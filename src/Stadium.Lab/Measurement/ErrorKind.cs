namespace Stadium.Lab.Measurement;

/// <summary>Why a request got no HTTP answer. HTTP error statuses are counted by code, not here.</summary>
internal enum ErrorKind
{
    None = 0,
    Timeout,
    ConnectionRefused,
    ConnectionReset,
    ProtocolError,
    Other,
}
