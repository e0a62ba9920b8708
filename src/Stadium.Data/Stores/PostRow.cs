namespace Stadium.Data.Stores;

/// <summary>A post joined with its author's name.</summary>
internal sealed class PostRow
{
    public const string Select =
        "SELECT p.id AS Id, p.author_id AS AuthorId, u.username AS Author, p.text AS Text, p.created_at AS CreatedAtMs " +
        "FROM posts p JOIN users u ON u.id = p.author_id";

    public long Id { get; init; }

    public long AuthorId { get; init; }

    public string Author { get; init; } = "";

    public string Text { get; init; } = "";

    public long CreatedAtMs { get; init; }

    public PostRecord ToRecord() => new(Id, AuthorId, Author, Text, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAtMs));
}
