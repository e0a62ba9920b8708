using System.Text.Json;
using Stadium.Data;

namespace Stadium.Service.Features.Posts;

/// <summary>
/// A cached post (or a tombstone when <see cref="Post"/> is null) with its API JSON serialised once,
/// so a feed page is assembled from ready-made bytes instead of serialising twenty posts per read.
/// </summary>
public sealed class PostEntry(PostRecord? post)
{
    private byte[]? _json;

    public PostRecord? Post => post;

    /// <summary>The post as the API renders it (a PostResponse); computed once per cached entry.</summary>
    public byte[] Utf8Json(JsonSerializerOptions options) =>
        _json ??= post is null ? [] : JsonSerializer.SerializeToUtf8Bytes(PostResponse.From(post), options);
}
