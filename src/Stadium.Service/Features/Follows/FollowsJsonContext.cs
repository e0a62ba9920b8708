using System.Text.Json;
using System.Text.Json.Serialization;
using Stadium.Service.Platform;

namespace Stadium.Service.Features.Follows;

/// <summary>Source-generated serializers for the follower lists: no reflection on the request path.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Page<UserSummaryResponse>))]
internal sealed partial class FollowsJsonContext : JsonSerializerContext;
