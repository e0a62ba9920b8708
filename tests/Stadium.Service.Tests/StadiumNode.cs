using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Stadium.Data.Seeding;
using Stadium.Data.Sqlite;
using Stadium.Service;
using Stadium.Service.Features.Auth;
using Stadium.Service.Platform;

namespace Stadium.Service.Tests;

/// <summary>
/// A real API node on a free loopback port, with its own data folder and a clock the test controls.
/// Password hashing runs at 1,000 iterations here so suites stay fast; the production default is
/// asserted separately in <see cref="PasswordHasherTests"/>.
/// </summary>
public class StadiumNode : IAsyncLifetime, IAsyncDisposable
{
    private static int _sequence;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "stadium-tests", Guid.NewGuid().ToString("n"));

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public WebApplication App { get; private set; } = null!;

    public Uri Address { get; private set; } = null!;

    public string DataFolder => _folder;

    /// <summary>Configuration applied on top of <see cref="Settings"/> (e.g. a PostgreSQL store).</summary>
    public IReadOnlyDictionary<string, string?>? ExtraSettings { get; init; }

    /// <summary>Demo accounts seeded before start (user1..userN); 0 for an empty store.</summary>
    protected virtual int SeedUsers => 0;

    protected virtual Dictionary<string, string?> Settings => new()
    {
        ["Stadium:Auth:PasswordIterations"] = "1000",
        ["Stadium:Feed:CelebrityFollowers"] = "5",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        if (SeedUsers > 0)
        {
            using var database = new SqliteDatabase(new StadiumOptions { DataFolder = _folder }.SqlitePath);
            SqliteMigrator.Migrate(database);
            var hasher = new PasswordHasher(Microsoft.Extensions.Options.Options.Create(new AuthOptions { PasswordIterations = 1000 }));
            await DemoSeeder.SeedAsync(database, new SeedOptions(SeedUsers, hasher.Hash(SeedOptions.DemoPassword)), Time, null, CancellationToken.None);
        }

        // StadiumHost.Build, with a hook between the API's registrations and the build.
        var builder = StadiumHost.CreateBuilder(new StadiumHostSettings(
            Port: 0,
            DataFolder: _folder,
            Settings: ExtraSettings is null ? Settings : Settings.Concat(ExtraSettings).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value),
            Services: services => services.AddSingleton<TimeProvider>(Time)));
        builder.AddStadiumApi();
        AfterApiServices(builder.Services);
        App = builder.Build();
        App.MapStadiumApi();
        await App.StartAsync();
        Address = App.Address();
        using var client = CreateClient();
        for (var i = 0; i < 100 && !(await client.GetAsync("/health/ready")).IsSuccessStatusCode; i++)
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
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    public HttpClient CreateClient() => new() { BaseAddress = Address };

    /// <summary>A unique username per call, so tests sharing a node never collide.</summary>
    public static string NewUsername(string prefix = "u") => $"{prefix}_{Interlocked.Increment(ref _sequence)}_{Random.Shared.Next(1000, 9999)}";

    /// <summary>Registers and logs in a new user; returns a client that sends its access token.</summary>
    public async Task<TestUser> NewUserAsync(string? username = null)
    {
        username ??= NewUsername();
        using var anonymous = CreateClient();
        var register = await anonymous.PostAsJsonAsync("/v1/auth/register", new { username, email = $"{username}@example.com", password = "correct horse battery" });
        register.EnsureSuccessStatusCode();
        var registered = await register.Content.ReadFromJsonAsync<RegisteredUser>();
        var tokens = await LoginAsync(username, "correct horse battery");
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        return new TestUser(registered!.Id, username, tokens, client);
    }

    /// <summary>New users who each follow <paramref name="author"/>; the caller disposes them.</summary>
    public async Task<List<TestUser>> NewFollowersAsync(TestUser author, int count)
    {
        var followers = new List<TestUser>(count);
        for (var i = 0; i < count; i++)
        {
            var follower = await NewUserAsync();
            followers.Add(follower);
            (await follower.Client.PutAsync($"/v1/users/{author.Username}/follow", null)).EnsureSuccessStatusCode();
        }

        return followers;
    }

    public async Task<TokenResponse> LoginAsync(string username, string password)
    {
        using var anonymous = CreateClient();
        var login = await anonymous.PostAsJsonAsync("/v1/auth/login", new { username, password });
        login.EnsureSuccessStatusCode();
        return (await login.Content.ReadFromJsonAsync<TokenResponse>())!;
    }
}

public sealed record TestUser(long Id, string Username, TokenResponse Tokens, HttpClient Client) : IDisposable
{
    public void Dispose() => Client.Dispose();
}
