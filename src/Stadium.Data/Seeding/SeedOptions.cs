namespace Stadium.Data.Seeding;

/// <summary>Shape of the demo population.</summary>
/// <param name="Users">Accounts user1..userN; user1 is the most followed (Zipf rank = id).</param>
/// <param name="PasswordHash">One hash shared by every seeded account: hashing a million passwords at OWASP strength would take days.</param>
public sealed record SeedOptions(
    int Users,
    string PasswordHash,
    double PostsPerUser = 10,
    double MeanFollowing = 15,
    double FollowExponent = 1.0,
    double PostingExponent = 0.8,
    int Seed = 42)
{
    public const string DemoPassword = "stadium-demo-password";
}
