using Stadium.Service.Platform;

namespace Stadium.Service.Features.Follows;

[OpenApiExample("""{"id":43,"username":"charles_babbage","displayName":"Charles Babbage"}""")]
public sealed record UserSummaryResponse(long Id, string Username, string DisplayName);
