using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Stadium.Service.Platform;

/// <summary>
/// The <c>cursor</c> and <c>limit</c> query values of a list endpoint (bind it with [AsParameters]); checked by the
/// /v1 validation filter before the handler runs, which then reads <see cref="Request"/>.
/// </summary>
public sealed record PageQuery(
    [FromQuery(Name = "cursor")] string? Cursor,
    [FromQuery(Name = "limit")] string? Limit,
    [FromServices] IOptions<LimitOptions> Limits) : IValidatable
{
    /// <summary>How a list endpoint pages, for its description in the OpenAPI document.</summary>
    internal const string Paging = " Paged newest first: pass a page's `nextCursor` as `cursor` for the next one (it is null on the last page); `limit` sets the page size.";

    private PageRequest? _request;

    public PageRequest Request => _request ??= PageRequest.Parse(Cursor, Limit, Limits.Value, new ValidationErrors());

    public void Validate(ValidationErrors errors) => _request = PageRequest.Parse(Cursor, Limit, Limits.Value, errors);
}
