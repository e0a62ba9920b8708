namespace Stadium.Data;

public sealed record Credentials(long UserId, string Username, string PasswordHash);
