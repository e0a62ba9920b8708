namespace Stadium.Jobs;

/// <summary>Rows read back by Dapper; times are unix milliseconds in both backends.</summary>
internal sealed class JobRow
{
    public long Id { get; set; }

    public string Type { get; set; } = "";

    public string Payload { get; set; } = "";

    public long? UserId { get; set; }

    public string? UniqueKey { get; set; }

    public int Priority { get; set; }

    public string State { get; set; } = "";

    public int Attempt { get; set; }

    public int MaxAttempts { get; set; }

    public long RunAt { get; set; }

    public string? LastError { get; set; }

    public JobRecord ToRecord() =>
        new(Id, Type, Payload, UserId, UniqueKey, Priority, State, Attempt, MaxAttempts, DateTimeOffset.FromUnixTimeMilliseconds(RunAt), LastError);

    public ClaimedJob ToClaimed(string workerId) => new(Id, Type, Payload, UserId, Attempt, MaxAttempts, DateTimeOffset.FromUnixTimeMilliseconds(RunAt), workerId);
}
