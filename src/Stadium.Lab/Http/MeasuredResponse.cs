using Stadium.Lab.Measurement;

namespace Stadium.Lab.Http;

/// <summary>An answer as the generator saw it. <see cref="Body"/> is kept only when asked for.</summary>
internal readonly record struct MeasuredResponse(int Status, ErrorKind Error, byte[]? Body, TimeSpan? RetryAfter)
{
    public bool IsSuccess => Error == ErrorKind.None && Status is >= 200 and < 300;
}
