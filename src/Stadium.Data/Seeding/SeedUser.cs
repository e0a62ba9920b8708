namespace Stadium.Data.Seeding;

internal sealed record SeedUser(
    long Id, string Username, string Email, string PasswordHash, string DisplayName, string Bio, int Followers, int Following, int Posts, long CreatedAt);
