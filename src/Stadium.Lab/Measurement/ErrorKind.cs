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

internal static class ErrorKinds
{
    public static readonly ErrorKind[] All = Enum.GetValues<ErrorKind>();

    public static string Name(ErrorKind kind) => kind switch
    {
        ErrorKind.Timeout => "timeout",
        ErrorKind.ConnectionRefused => "refused",
        ErrorKind.ConnectionReset => "reset",
        ErrorKind.ProtocolError => "protocol",
        ErrorKind.Other => "other",
        _ => "none",
    };
}
