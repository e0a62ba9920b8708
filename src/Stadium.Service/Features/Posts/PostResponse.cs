namespace Stadium.Service.Features.Posts;

public sealed record PostResponse(long Id, string Author, string Text, DateTimeOffset CreatedAt)
{
    public static PostResponse From(Stadium.Data.PostRecord post) => new(post.Id, post.Author, post.Text, post.CreatedAt);
}
