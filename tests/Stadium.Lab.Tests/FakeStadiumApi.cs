using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Stadium.Lab.Tests;

/// <summary>
/// A stand-in for the Stadium API that answers every call journeys make instantly and counts them, so a
/// test can check the traffic's shape (calls per kind, logins per account) without password hashing.
/// Every login and refresh hands out a fresh 15-minute access token; created posts are numbered from 1.
/// </summary>
public sealed class FakeStadiumApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _loginsByUser = new(StringComparer.Ordinal);
    private long _tokens;

    private FakeStadiumApi(WebApplication app) => _app = app;

    public Uri Address => new(_app.Urls.Single());

    public int Calls(string name) => _calls.GetValueOrDefault(name);

    public IReadOnlyDictionary<string, int> LoginsByUser => _loginsByUser;

    /// <summary>The read-your-writes token to answer the n-th created post with (from 1), or null for none, as a store without replicas.</summary>
    public Func<int, string?>? PostConsistency { get; set; }

    public static async Task<FakeStadiumApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var api = new FakeStadiumApi(app);
        app.MapPost("/v1/auth/login", async (HttpRequest request) =>
        {
            var body = await request.ReadFromJsonAsync<Dictionary<string, string>>();
            api._loginsByUser.AddOrUpdate(body!["username"], 1, (_, n) => n + 1);
            return api.Count("login", api.Tokens());
        });
        app.MapPost("/v1/auth/refresh", () => api.Count("refresh", api.Tokens()));
        app.MapGet("/v1/feed", () => api.Count("feed", Results.Json(new { items = Array.Empty<object>(), nextCursor = (string?)null })));
        app.MapGet("/v1/users/{username}", (string username) => api.Count("profile", Results.Json(new { username })));
        app.MapGet("/v1/users/{username}/posts", (string username) => api.Count("userPosts", Results.Json(new { items = Array.Empty<object>(), nextCursor = (string?)null })));
        app.MapPost("/v1/posts", (HttpResponse response) =>
        {
            var id = api.Calls("createPost") + 1;
            if (api.PostConsistency?.Invoke(id) is { } token)
            {
                response.Headers[Stadium.Lab.Ledger.LedgerVerifier.ConsistencyHeader] = token;
            }

            return api.Count("createPost", Results.Json(new { id, author = "user1", text = "x", createdAt = DateTimeOffset.UtcNow }, statusCode: 201));
        });
        app.MapPut("/v1/users/{username}/follow", (string username) => api.Count("follow", Results.NoContent()));
        app.MapDelete("/v1/users/{username}/follow", (string username) => api.Count("unfollow", Results.NoContent()));
        app.MapPost("/v1/exports", () => api.Count("export", Results.Json(new { id = 1, status = "queued" }, statusCode: 202)));
        await app.StartAsync();
        return api;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private IResult Tokens()
    {
        var n = Interlocked.Increment(ref _tokens);
        return Results.Json(new { accessToken = $"access{n}", refreshToken = $"refresh{n}", expiresIn = 900 });
    }

    private IResult Count(string name, IResult result)
    {
        _calls.AddOrUpdate(name, 1, (_, n) => n + 1);
        return result;
    }
}
