namespace Stadium.Data;

public sealed record NewUser(string Username, string Email, string PasswordHash, DateTimeOffset CreatedAt);
