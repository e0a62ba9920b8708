using Stadium.Testing;

namespace Stadium.Gateway.Tests.Dashboard;

/// <summary>A real API node (in-process, real Kestrel on a loopback port) with a few seeded users for the dashboard's traffic.</summary>
public sealed class DashboardNode : TestNode
{
    public const int Users = 20;

    protected override int SeedUsers => Users;
}
