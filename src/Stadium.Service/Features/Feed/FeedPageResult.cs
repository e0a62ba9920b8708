using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Stadium.Service.Features.Posts;
using Stadium.Service.Platform;

namespace Stadium.Service.Features.Feed;

/// <summary>
/// Writes a feed page as <c>{"items":[...],"nextCursor":...}</c> from each post's cached JSON bytes.
/// The shape is exactly what serialising <see cref="Page{T}"/> of <see cref="PostResponse"/> gives.
/// </summary>
internal sealed class FeedPageResult(Page<PostEntry> page) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult
{
    private static readonly byte[] Start = "{\"items\":["u8.ToArray();
    private static readonly byte[] Middle = "],\"nextCursor\":"u8.ToArray();

    public int? StatusCode => StatusCodes.Status200OK;

    public Page<PostEntry> Page => page;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var options = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var cursor = page.NextCursor is null ? "null"u8.ToArray() : JsonSerializer.SerializeToUtf8Bytes(page.NextCursor, options);
        var length = Start.Length + Middle.Length + cursor.Length + 1 + Math.Max(0, page.Items.Count - 1);
        foreach (var item in page.Items)
        {
            length += item.Utf8Json(options).Length;
        }

        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = length;
        response.Headers.CacheControl = "private, no-cache";

        var writer = response.BodyWriter;
        var span = writer.GetSpan(length);
        var offset = Copy(Start, span, 0);
        for (var i = 0; i < page.Items.Count; i++)
        {
            if (i > 0)
            {
                span[offset++] = (byte)',';
            }

            offset = Copy(page.Items[i].Utf8Json(options), span, offset);
        }

        offset = Copy(Middle, span, offset);
        offset = Copy(cursor, span, offset);
        span[offset++] = (byte)'}';
        writer.Advance(offset);
        return writer.FlushAsync(httpContext.RequestAborted).AsTask();
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(Page<PostResponse>), ["application/json"]));

    private static int Copy(ReadOnlySpan<byte> source, Span<byte> target, int offset)
    {
        source.CopyTo(target[offset..]);
        return offset + source.Length;
    }
}
