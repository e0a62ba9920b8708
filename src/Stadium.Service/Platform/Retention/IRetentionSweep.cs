namespace Stadium.Service.Platform.Retention;

/// <summary>
/// One kind of row the store keeps for a while, as the sweeper deletes it. Each lives next to the store that owns the
/// rows and is registered with <c>TryAddEnumerable</c>; the sweeper runs them all.
/// </summary>
internal interface IRetentionSweep
{
    /// <summary>The <c>what</c> tag of stadium.retention.swept.</summary>
    string What { get; }

    /// <summary>How long the rows are kept; zero means this sweep has nothing to do.</summary>
    TimeSpan KeptFor(RetentionOptions retention);

    /// <summary>Deletes up to <paramref name="batch"/> of the oldest rows older than <paramref name="before"/> in one short
    /// transaction; returns how many it deleted (fewer than <paramref name="batch"/>: nothing older is left).</summary>
    Task<int> DeleteBatchAsync(DateTimeOffset before, int batch, CancellationToken ct);
}
