using System.Text.Json;
using System.Text.Json.Serialization;

namespace Stadium.Service.Features.Users;

/// <summary>Source-generated serializers for the profile contracts: no reflection on the request path.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(UserProfile))]
[JsonSerializable(typeof(UpdateProfileRequest))]
[JsonSerializable(typeof(EmailSettingsResponse))]
[JsonSerializable(typeof(UpdateEmailSettingsRequest))]
internal sealed partial class UsersJsonContext : JsonSerializerContext;
