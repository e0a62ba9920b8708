using Microsoft.AspNetCore.Builder;
using Stadium.Data.Seeding;
using Stadium.Data.Sqlite;
using Stadium.Service;
using Stadium.Service.Features.Auth;
using Stadium.Service.Platform;

namespace Stadium.Lab.Tests;

/// <summary>
/// A real Stadium node on a free loopback port with 200 seeded users, built exactly as `stadium serve`
/// builds one (the pattern of the service tests' StadiumNode), on the real clock because the load
/// generator runs in real time. Hashing runs at 1,000 iterations so logins don't dominate a 5 s run.
/// </summary>
public class SeededStadiumNode : IAsyncLifetime
{
    public const int Users = 200;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "stadium-lab-tests", Guid.NewGuid().ToString("n"));

    public WebApplication App { get; private set; } = null!;

    public Uri Address { get; private set; } = null!;

    public string Folder => _folder;

    /// <summary>Configuration a variant of the node adds (e.g. short token lifetimes).</summary>
    protected virtual IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        using (var database = new SqliteDatabase(new StadiumOptions { DataFolder = _folder }.SqlitePath))
        {
            SqliteMigrator.Migrate(database);
            var hasher = new PasswordHasher(Microsoft.Extensions.Options.Options.Create(new StadiumOptions { Auth = { PasswordIterations = 1000 } }));
            await DemoSeeder.SeedAsync(database, new SeedOptions(Users, hasher.Hash(SeedOptions.DemoPassword)), TimeProvider.System, null, CancellationToken.None);
        }

        App = StadiumHost.Build(new StadiumHostSettings(
            Port: 0,
            DataFolder: _folder,
            Settings: new Dictionary<string, string?>(ExtraSettings)
            {
                ["Stadium:Auth:PasswordIterations"] = "1000",
                ["Logging:LogLevel:Default"] = "Warning",
            }));
        await App.StartAsync();
        Address = App.Address();
        using var client = new HttpClient { BaseAddress = Address };
        for (var i = 0; i < 100 && !(await client.GetAsync("/health/ready")).IsSuccessStatusCode; i++)
        {
            await Task.Delay(50);
        }
    }

    public async Task DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the OS; the temp folder is cleaned up eventually.
        }
    }
}
