using System.Text.Json;
using System.Text.Json.Serialization;
using Stadium.Service.Features.Auth;
using Stadium.Service.Features.Follows;
using Stadium.Service.Features.Posts;
using Stadium.Service.Features.Users;
using Stadium.Service.Platform;

namespace Stadium.Service;

/// <summary>Source-generated serializers for the features' hot contracts: no reflection on the request path.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RegisterRequest))]
[JsonSerializable(typeof(RegisteredUser))]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(RefreshRequest))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(UserProfile))]
[JsonSerializable(typeof(UpdateProfileRequest))]
[JsonSerializable(typeof(CreatePostRequest))]
[JsonSerializable(typeof(PostResponse))]
[JsonSerializable(typeof(Page<PostResponse>))]
[JsonSerializable(typeof(Page<UserSummaryResponse>))]
internal sealed partial class StadiumJsonContext : JsonSerializerContext;
