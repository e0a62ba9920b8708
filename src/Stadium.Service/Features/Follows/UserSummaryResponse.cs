namespace Stadium.Service.Features.Follows;

public sealed record UserSummaryResponse(long Id, string Username, string DisplayName);
