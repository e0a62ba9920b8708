namespace Stadium.Data;

public sealed record UserSummary(long Id, string Username, string DisplayName);
