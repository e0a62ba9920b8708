namespace Stadium.Data.Requests;

/// <summary>
/// The current <see cref="DataRequest"/>, for singletons (the read router, the caches) that serve many requests at once.
/// It flows with the request's async calls through the data tier's one ambient slot, as IHttpContextAccessor does: a
/// singleton cannot take a request-scoped object by injection, and passing it through every store call would put
/// routing concerns into every signature. Outside a request (jobs, tools, tests) there is none.
/// </summary>
public sealed class DataRequestAccessor
{
    private static readonly AsyncLocal<DataRequest?> Ambient = new();

    public DataRequest? Current => Ambient.Value;

    /// <summary>Makes <paramref name="request"/> current for this async flow until the scope is disposed.</summary>
    public Scope Begin(DataRequest request)
    {
        var previous = Ambient.Value;
        Ambient.Value = request;
        return new Scope(previous);
    }

    public readonly struct Scope(DataRequest? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}
