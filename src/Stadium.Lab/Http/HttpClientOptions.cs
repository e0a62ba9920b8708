namespace Stadium.Lab.Http;

/// <param name="Connections">Fixed connection pool size: the generator's concurrency towards the target.</param>
/// <param name="RequestTimeout">Per request; a timeout is counted as an error kind, not retried.</param>
public sealed record HttpClientOptions(int Connections, TimeSpan RequestTimeout);
