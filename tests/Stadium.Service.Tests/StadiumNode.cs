using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using Stadium.Service.Features.Auth;
using Stadium.Testing;

namespace Stadium.Service.Tests;

/// <summary>
/// A real API node (<see cref="TestNode"/>) with a clock the test controls and helpers that register and log in
/// users. Password hashing runs at 1,000 iterations here so suites stay fast; the production default is
/// asserted separately in <see cref="PasswordHasherTests"/>.
/// </summary>
public class StadiumNode : TestNode
{
    private static int _sequence;

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    protected override TimeProvider Clock => Time;

    protected override Dictionary<string, string?> Settings => new(base.Settings)
    {
        ["Stadium:Feed:CelebrityFollowers"] = "5",
    };

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
