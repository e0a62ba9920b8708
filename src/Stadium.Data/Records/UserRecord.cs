namespace Stadium.Data;

/// <summary>A user as the API shows it, with the counters kept beside the row.</summary>
public sealed record UserRecord(
    long Id,
    string Username,
    string DisplayName,
    string Bio,
    int Followers,
    int Following,
    int Posts,
    DateTimeOffset CreatedAt);
