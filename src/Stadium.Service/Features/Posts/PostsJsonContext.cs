using System.Text.Json;
using System.Text.Json.Serialization;
using Stadium.Service.Platform;

namespace Stadium.Service.Features.Posts;

/// <summary>Source-generated serializers for the post contracts (the feed's items too): no reflection on the request path.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CreatePostRequest))]
[JsonSerializable(typeof(PostResponse))]
[JsonSerializable(typeof(Page<PostResponse>))]
internal sealed partial class PostsJsonContext : JsonSerializerContext;
