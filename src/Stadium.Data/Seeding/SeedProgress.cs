namespace Stadium.Data.Seeding;

public sealed record SeedProgress(string Phase, long Done, long Total);
