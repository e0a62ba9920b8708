namespace Stadium.Data.Stores;

/// <summary>The new post's id and the author's row as the insert left it (null columns when the author is missing).</summary>
internal sealed class CreatedPostRow
{
    public long PostId { get; init; }

    public long? Id { get; init; }

    public string? Username { get; init; }

    public string? DisplayName { get; init; }

    public string? Bio { get; init; }

    public int? Followers { get; init; }

    public int? Following { get; init; }

    public int? Posts { get; init; }

    public long? CreatedAtMs { get; init; }
}
