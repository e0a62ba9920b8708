using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Stadium.Testing;

namespace Stadium.Planning.Tests.Edge;

/// <summary>A real API node (<see cref="TestNode"/>) with the edge (<see cref="EdgeServer"/>) in front of it.</summary>
public sealed class EdgeFixture : IAsyncLifetime
{
    private const string Password = "correct horse battery";
    private static int _sequence;

    public TestNode Node { get; } = new();

    internal EdgeServer Edge { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Node.InitializeAsync();
        Edge = await EdgeServer.StartAsync(Node.Address);
    }

    public async Task DisposeAsync()
    {
        await Edge.DisposeAsync();
        await Node.DisposeAsync();
    }

    /// <summary>
    /// Waits out the last seconds of an hour: edge.conf keys entries by the hour (its staleness bound), so a test that
    /// spans the turn of the hour would find its entry gone. Tests that read one key over several seconds call this first.
    /// </summary>
    public static async Task AwayFromTheHourAsync()
    {
        var now = DateTime.Now;
        var left = now.Date.AddHours(now.Hour + 1) - now;
        if (left < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(left + TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>A client of the edge; with <paramref name="token"/> it sends it as a bearer token.</summary>
    public HttpClient EdgeClient(string? token = null)
    {
        var client = Edge.CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>Registers and logs in a new user at the origin; returns its name and access token.</summary>
    public async Task<(string Username, string Token)> NewUserAsync()
    {
        var username = $"edge_{Interlocked.Increment(ref _sequence)}_{Random.Shared.Next(1000, 9999)}";
        using var origin = Node.CreateClient();
        (await origin.PostAsJsonAsync("/v1/auth/register", new { username, email = $"{username}@example.com", password = Password })).EnsureSuccessStatusCode();
        using var login = await origin.PostAsJsonAsync("/v1/auth/login", new { username, password = Password });
        login.EnsureSuccessStatusCode();
        using var tokens = JsonDocument.Parse(await login.Content.ReadAsStringAsync());
        return (username, tokens.RootElement.GetProperty("accessToken").GetString()!);
    }

    /// <summary>Posts <paramref name="text"/> as the user, at the origin; returns the post's id.</summary>
    public async Task<long> PostAsync(string token, string text)
    {
        using var origin = Node.CreateClient();
        origin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var created = await origin.PostAsJsonAsync("/v1/posts", new { text });
        created.EnsureSuccessStatusCode();
        using var post = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        return post.RootElement.GetProperty("id").GetInt64();
    }
}
