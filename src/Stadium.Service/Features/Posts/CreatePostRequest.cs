namespace Stadium.Service.Features.Posts;

public sealed record CreatePostRequest(string? Text)
{
    public const int MaxTextLength = 4_000;
}
