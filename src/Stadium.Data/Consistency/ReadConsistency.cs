namespace Stadium.Data.Consistency;

/// <summary>
/// Who a read is for, set per request by the API. Stores that route reads to replicas use it to give
/// a user who just wrote their own writes back (read-your-writes); everyone else may read replicas freely.
/// </summary>
public sealed class ReadConsistency
{
    private static readonly AsyncLocal<ReadConsistency?> Ambient = new();

    public ReadConsistency(long? userId, ulong minimumLsn = 0)
    {
        UserId = userId;
        MinimumLsn = minimumLsn;
    }

    public static ReadConsistency? Current
    {
        get => Ambient.Value;
        set => Ambient.Value = value;
    }

    public long? UserId { get; }

    /// <summary>A WAL position the client says it has seen (a consistency token), or 0.</summary>
    public ulong MinimumLsn { get; }

    /// <summary>The WAL position of the last write made during this request, for the response's consistency token.</summary>
    public ulong WrittenLsn { get; set; }
}
