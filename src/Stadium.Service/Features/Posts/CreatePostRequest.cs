using Stadium.Service.Platform;

namespace Stadium.Service.Features.Posts;

[OpenApiExample("""{"text":"The Analytical Engine weaves algebraic patterns just as the Jacquard loom weaves flowers and leaves."}""")]
public sealed record CreatePostRequest(string? Text)
{
    public const int MaxTextLength = 4_000;
}
