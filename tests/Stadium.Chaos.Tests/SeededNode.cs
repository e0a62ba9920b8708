using Stadium.Testing;

namespace Stadium.Chaos.Tests;

/// <summary>A real API node with two demo accounts (user1, user2; the demo password).</summary>
public sealed class SeededNode : TestNode
{
    protected override int SeedUsers => 2;
}
