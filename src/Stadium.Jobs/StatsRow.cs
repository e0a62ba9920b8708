namespace Stadium.Jobs;

internal sealed class StatsRow
{
    public string Type { get; set; } = "";

    public long Pending { get; set; }

    public long Running { get; set; }

    public long Dead { get; set; }

    public long Due { get; set; }

    public long DueFromEarlier { get; set; }

    public long? OldestDue { get; set; }
}
