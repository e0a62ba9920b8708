namespace Stadium.Lab.Measurement;

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
