namespace Stadium.Data;

public sealed record PostRecord(long Id, long AuthorId, string Author, string Text, DateTimeOffset CreatedAt);
