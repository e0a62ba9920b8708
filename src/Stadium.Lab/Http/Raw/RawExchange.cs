using Stadium.Lab.Measurement;

namespace Stadium.Lab.Http.Raw;

/// <summary>What one request/response exchange came to, with the exact bytes written to and read from the socket.</summary>
internal readonly record struct RawExchange(int Status, ErrorKind Error, long BytesSent, long BytesReceived);
