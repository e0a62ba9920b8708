using Microsoft.AspNetCore.Mvc;
using Stadium.Service.Platform;

namespace Stadium.Service.Features.Posts;

/// <summary>What POST /v1/posts reads: the body and an optional Idempotency-Key, checked together (one problem lists both).</summary>
internal sealed record CreatePostInput(
    [FromBody] CreatePostRequest Request,
    [FromHeader(Name = "Idempotency-Key")] string? IdempotencyKey) : IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        errors.CheckText("text", Request.Text, 1, CreatePostRequest.MaxTextLength);
        if (IdempotencyKey is not null && (IdempotencyKey.Length is < 1 or > 128 || IdempotencyKey.Any(c => c is < '!' or > '~')))
        {
            errors.Add("Idempotency-Key", "Must be 1 to 128 visible ASCII characters.");
        }
    }
}
