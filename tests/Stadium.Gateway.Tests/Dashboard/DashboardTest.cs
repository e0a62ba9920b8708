namespace Stadium.Gateway.Tests.Dashboard;

/// <summary>Each test gets a fresh real node, a dashboard host following a cluster.json that lists it, and a temp folder for both.</summary>
public abstract class DashboardTest : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stadium-dashboard-test-").FullName;

    protected DashboardNode Node { get; } = new();

    internal DashboardHost Host { get; private set; } = null!;

    protected string Folder => _folder;

    public async Task InitializeAsync()
    {
        await Node.InitializeAsync();
        Host = await DashboardHost.StartAsync(Node.Address, _folder);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Node.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
