using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Stadium.Data.Seeding;
using Stadium.Data.Sqlite;
using Stadium.Service;
using Stadium.Service.Features.Auth;
using Stadium.Service.Platform;

namespace Stadium.Testing;

/// <summary>
/// A real API node on a free loopback port with its own data folder, built as `stadium serve` builds one
/// (<see cref="StadiumHost"/>), that tests reach over HTTP. Password hashing runs at 1,000 iterations so that
/// registrations, logins and seeding stay fast; the production default is asserted by the service's own tests.
/// A derived node chooses its clock, its seeded users and its settings.
/// </summary>
public class TestNode : IAsyncLifetime, IAsyncDisposable
{
    private const int PasswordIterations = 1000;

    /// <summary>How long a started node may take to report ready: 100 polls, 50 ms apart.</summary>
    private const int ReadyPolls = 100;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "stadium-tests", Guid.NewGuid().ToString("n"));

    public WebApplication App { get; private set; } = null!;

    public Uri Address { get; private set; } = null!;

    public string DataFolder => _folder;

    /// <summary>Configuration applied on top of <see cref="Settings"/> (e.g. a PostgreSQL store).</summary>
    public IReadOnlyDictionary<string, string?>? ExtraSettings { get; init; }

    /// <summary>The node's clock, registered as its <see cref="TimeProvider"/> and used to seed it.</summary>
    protected virtual TimeProvider Clock => TimeProvider.System;

    /// <summary>Demo accounts seeded before start (user1..userN); 0 for an empty store.</summary>
    protected virtual int SeedUsers => 0;

    protected virtual Dictionary<string, string?> Settings => new()
    {
        ["Stadium:Auth:PasswordIterations"] = PasswordIterations.ToString(CultureInfo.InvariantCulture),
        ["Logging:LogLevel:Default"] = "Warning",
    };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        if (SeedUsers > 0)
        {
            await SeedAsync();
        }

        // StadiumHost.Build, with a hook between the API's registrations and the build.
        var builder = StadiumHost.CreateBuilder(new StadiumHostSettings(
            Port: 0,
            DataFolder: _folder,
            Settings: ExtraSettings is null ? Settings : Settings.Concat(ExtraSettings).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value),
            Services: services => services.AddSingleton(Clock)));
        builder.AddStadiumApi();
        AfterApiServices(builder.Services);
        App = builder.Build();
        App.MapStadiumApi();
        await App.StartAsync();
        Address = App.Address();
        using var client = CreateClient();
        for (var i = 0; i < ReadyPolls && !(await client.GetAsync("/health/ready")).IsSuccessStatusCode; i++)
        {
            await Task.Delay(50);
        }
    }

    /// <summary>Lets a test node replace what the API registered (e.g. wrap a store).</summary>
    protected virtual void AfterApiServices(IServiceCollection services)
    {
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
            // A file still held by the OS; the temporary folder is cleaned up eventually.
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    public HttpClient CreateClient() => new() { BaseAddress = Address };

    private async Task SeedAsync()
    {
        using var database = new SqliteDatabase(new StadiumOptions { DataFolder = _folder }.SqlitePath);
        SqliteMigrator.Migrate(database);
        var hasher = new PasswordHasher(Microsoft.Extensions.Options.Options.Create(new StadiumOptions { Auth = { PasswordIterations = PasswordIterations } }));
        await DemoSeeder.SeedAsync(database, new SeedOptions(SeedUsers, hasher.Hash(SeedOptions.DemoPassword)), Clock, null, CancellationToken.None);
    }
}
