namespace Stadium.Data.Diagnostics;

/// <summary>
/// Counts the store and cache round trips one request makes. The API sets <see cref="Current"/>
/// per request; stores and caches bump it, so "calls per request" is measured, not guessed.
/// </summary>
public sealed class DownstreamCalls
{
    private static readonly AsyncLocal<DownstreamCalls?> Ambient = new();

    private int _store;
    private int _cache;

    public static DownstreamCalls? Current
    {
        get => Ambient.Value;
        set => Ambient.Value = value;
    }

    /// <summary>The request's method and route template, so what is counted during it can be reported under them.</summary>
    public string Method { get; init; } = "none";

    public string Route { get; init; } = "none";

    public int Store => _store;

    public int Cache => _cache;

    public static void RecordStore()
    {
        if (Ambient.Value is { } calls)
        {
            Interlocked.Increment(ref calls._store);
        }
    }

    public static void RecordCache(int count = 1)
    {
        if (Ambient.Value is { } calls)
        {
            Interlocked.Add(ref calls._cache, count);
        }
    }
}
