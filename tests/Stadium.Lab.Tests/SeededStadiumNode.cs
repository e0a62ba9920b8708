using Stadium.Testing;

namespace Stadium.Lab.Tests;

/// <summary>
/// A real Stadium node (<see cref="TestNode"/>) with 200 seeded users, on the real clock because the load
/// generator runs in real time. Hashing runs at 1,000 iterations so logins don't dominate a 5 s run.
/// </summary>
public class SeededStadiumNode : TestNode
{
    public const int Users = 200;

    protected override int SeedUsers => Users;
}
