namespace Stadium.Jobs;

/// <summary>Per job type: pending jobs (available + running) and how long the oldest due job has waited.</summary>
/// <param name="Due">Jobs workers could be running now: running, or available and due (not scheduled later or backing off).</param>
/// <param name="DueFromEarlier">Of <paramref name="Due"/>, those enqueued at or before the earlier reading the stats were asked against:
/// the earlier reading's due jobs minus these is how many finished in between (see <see cref="QueueReadings"/>).</param>
public sealed record QueueStats(string Type, long Pending, long Running, long Dead, TimeSpan OldestDueAge, long Due = 0, long DueFromEarlier = 0)
{
    public static QueueStats Empty(string type) => new(type, 0, 0, 0, TimeSpan.Zero);
}
