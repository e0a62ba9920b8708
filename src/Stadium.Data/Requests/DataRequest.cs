namespace Stadium.Data.Requests;

/// <summary>
/// The request a data call serves, created once per request by the API's middleware: who reads (so a writer reads
/// their own writes), the WAL position the client says it has seen, the position this request's writes reached
/// (answered as the consistency token), and the store and cache round trips it made ("calls per request" is
/// measured, not guessed). The router reads it; the write path writes it through <see cref="RecordWrite"/> only.
/// </summary>
public sealed class DataRequest(string method = "none", string route = "none")
{
    private long _writtenLsn;
    private int _storeCalls;
    private int _cacheCalls;

    /// <summary>The request's method and route template, so what is counted during it is reported under them.</summary>
    public string Method => method;

    public string Route => route;

    /// <summary>The signed-in reader, once authentication has run; null for anonymous reads and outside requests.</summary>
    public long? UserId { get; set; }

    /// <summary>A WAL position the client says it has seen (its consistency token), or 0.</summary>
    public ulong MinimumLsn { get; set; }

    /// <summary>The WAL position of the last write made during this request, or 0.</summary>
    public ulong WrittenLsn => (ulong)Interlocked.Read(ref _writtenLsn);

    public int StoreCalls => Volatile.Read(ref _storeCalls);

    public int CacheCalls => Volatile.Read(ref _cacheCalls);

    /// <summary>Counts <paramref name="count"/> cache round trips (an L2 batch, a timeline read) made for this request.</summary>
    public void RecordCacheCalls(int count = 1) => Interlocked.Add(ref _cacheCalls, count);

    internal void RecordStoreCall() => Interlocked.Increment(ref _storeCalls);

    /// <summary>A write of this request committed at <paramref name="lsn"/>.</summary>
    internal void RecordWrite(ulong lsn) => Atomic.Max(ref _writtenLsn, (long)lsn);
}
