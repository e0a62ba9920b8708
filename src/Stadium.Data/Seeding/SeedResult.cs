namespace Stadium.Data.Seeding;

public sealed record SeedResult(bool AlreadySeeded, int Users, long Posts, long Follows, TimeSpan Elapsed);
