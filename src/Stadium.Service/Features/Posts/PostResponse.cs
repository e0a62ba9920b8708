using Stadium.Service.Platform;

namespace Stadium.Service.Features.Posts;

[OpenApiExample("""{"id":1001,"author":"ada_lovelace","text":"The Analytical Engine weaves algebraic patterns just as the Jacquard loom weaves flowers and leaves.","createdAt":"2026-12-01T09:30:00+00:00"}""")]
public sealed record PostResponse(long Id, string Author, string Text, DateTimeOffset CreatedAt)
{
    public static PostResponse From(Stadium.Data.PostRecord post) => new(post.Id, post.Author, post.Text, post.CreatedAt);
}
