using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Stadium.Service.Features.Auth;
using Stadium.Service.Platform;

namespace Stadium.Service.Tests;

public sealed class AuthTests(StadiumNode node) : IClassFixture<StadiumNode>
{
    [Fact]
    public async Task Register_returns_201_with_id_and_canonical_username()
    {
        using var client = node.CreateClient();
        var name = StadiumNode.NewUsername("Mixed");
        var response = await client.PostAsJsonAsync("/v1/auth/register", new { username = name, email = "a@example.com", password = "twelve chars ok" });
        var body = await ApiAssert.Json(response, HttpStatusCode.Created);
        Assert.True(body.GetProperty("id").GetInt64() > 0);
        Assert.Equal(name.ToLowerInvariant(), body.GetProperty("username").GetString());
        Assert.Equal($"/v1/users/{name.ToLowerInvariant()}", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task Usernames_are_unique_case_insensitively()
    {
        using var client = node.CreateClient();
        var name = StadiumNode.NewUsername("dup");
        (await client.PostAsJsonAsync("/v1/auth/register", new { username = name, email = "a@example.com", password = "twelve chars ok" })).EnsureSuccessStatusCode();
        var again = await client.PostAsJsonAsync("/v1/auth/register", new { username = name.ToUpperInvariant(), email = "b@example.com", password = "twelve chars ok" });
        await ApiAssert.Problem(again, HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("ab", "a@example.com", "twelve chars ok", "username")]
    [InlineData("has space", "a@example.com", "twelve chars ok", "username")]
    [InlineData("way_too_long_username_over_32_chars", "a@example.com", "twelve chars ok", "username")]
    [InlineData("valid_name", "not-an-email", "twelve chars ok", "email")]
    [InlineData("valid_name", "a@example.com", "short", "password")]
    public async Task Register_rejects_invalid_fields(string username, string email, string password, string field)
    {
        using var client = node.CreateClient();
        await ApiAssert.ValidationProblem(await client.PostAsJsonAsync("/v1/auth/register", new { username, email, password }), field);
    }

    [Fact]
    public async Task A_signed_token_whose_subject_is_not_a_user_id_is_a_401_not_a_500()
    {
        // Only a holder of the signing key can mint it; the handlers read the subject as a user id.
        using var user = await node.NewUserAsync();
        var good = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().ReadJsonWebToken(user.Tokens.AccessToken);
        var auth = node.App.Services.GetRequiredService<IOptions<AuthOptions>>().Value;
        var now = node.Time.GetUtcNow().UtcDateTime;
        var forged = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = auth.Issuer,
            Audience = auth.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            Claims = new Dictionary<string, object> { ["sub"] = "not-a-number", ["unique_name"] = user.Username, ["sid"] = good.GetClaim("sid").Value },
            SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(
                node.App.Services.GetRequiredService<SigningKey>().Key, Microsoft.IdentityModel.Tokens.SecurityAlgorithms.HmacSha256),
        });
        using var client = node.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", forged);

        await ApiAssert.Problem(await client.GetAsync("/v1/feed"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Login_rejects_wrong_password_and_unknown_user_alike()
    {
        using var user = await node.NewUserAsync();
        using var client = node.CreateClient();
        var wrong = await client.PostAsJsonAsync("/v1/auth/login", new { username = user.Username, password = "not the password" });
        var unknown = await client.PostAsJsonAsync("/v1/auth/login", new { username = "nobody_here", password = "not the password" });
        var a = await ApiAssert.Problem(wrong, HttpStatusCode.Unauthorized);
        var b = await ApiAssert.Problem(unknown, HttpStatusCode.Unauthorized);
        Assert.Equal(a.GetProperty("detail").GetString(), b.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Login_gives_a_short_lived_access_token_that_authenticates()
    {
        using var user = await node.NewUserAsync();
        Assert.Equal(900, user.Tokens.ExpiresIn);
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/v1/feed")).StatusCode);
    }

    [Fact]
    public async Task Missing_or_forged_token_is_401_problem()
    {
        using var client = node.CreateClient();
        await ApiAssert.Problem(await client.GetAsync("/v1/feed"), HttpStatusCode.Unauthorized);
        using var user = await node.NewUserAsync();
        var forged = user.Tokens.AccessToken[..^4] + "AAAA";
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", forged);
        await ApiAssert.Problem(await client.GetAsync("/v1/feed"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Access_token_expires()
    {
        // Its own node: advancing the clock must not disturb other tests' tokens.
        await using var isolated = new StadiumNode();
        await isolated.InitializeAsync();
        using var user = await isolated.NewUserAsync();
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/v1/feed")).StatusCode);
        isolated.Time.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        await ApiAssert.Problem(await user.Client.GetAsync("/v1/feed"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Refresh_rotates_and_the_old_refresh_token_stops_working()
    {
        using var user = await node.NewUserAsync();
        using var client = node.CreateClient();
        var first = await ApiAssert.Json(await client.PostAsJsonAsync("/v1/auth/refresh", new { refreshToken = user.Tokens.RefreshToken }));
        var rotated = first.GetProperty("refreshToken").GetString();
        Assert.NotEqual(user.Tokens.RefreshToken, rotated);
        Assert.False(string.IsNullOrEmpty(first.GetProperty("accessToken").GetString()));

        await ApiAssert.Problem(await client.PostAsJsonAsync("/v1/auth/refresh", new { refreshToken = user.Tokens.RefreshToken }), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Reusing_a_rotated_refresh_token_revokes_the_whole_session()
    {
        using var user = await node.NewUserAsync();
        using var client = node.CreateClient();
        var rotated = (await ApiAssert.Json(await client.PostAsJsonAsync("/v1/auth/refresh", new { refreshToken = user.Tokens.RefreshToken })))
            .GetProperty("refreshToken").GetString();

        // A thief replays the old token: the legitimate, newer token dies with it, and so do access tokens.
        await ApiAssert.Problem(await client.PostAsJsonAsync("/v1/auth/refresh", new { refreshToken = user.Tokens.RefreshToken }), HttpStatusCode.Unauthorized);
        await ApiAssert.Problem(await client.PostAsJsonAsync("/v1/auth/refresh", new { refreshToken = rotated }), HttpStatusCode.Unauthorized);
        await ApiAssert.Problem(await user.Client.GetAsync("/v1/feed"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Logout_revokes_refresh_and_access_tokens()
    {
        using var user = await node.NewUserAsync();
        using var client = node.CreateClient();
        var logout = await client.PostAsJsonAsync("/v1/auth/logout", new { refreshToken = user.Tokens.RefreshToken });
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        await ApiAssert.Problem(await client.PostAsJsonAsync("/v1/auth/refresh", new { refreshToken = user.Tokens.RefreshToken }), HttpStatusCode.Unauthorized);
        await ApiAssert.Problem(await user.Client.GetAsync("/v1/feed"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Logout_holds_across_nodes_sharing_the_store_and_across_restarts()
    {
        using var user = await node.NewUserAsync();
        await using var running = await StartSiblingAsync();
        using var onRunning = new HttpClient { BaseAddress = running.Address() };
        onRunning.DefaultRequestHeaders.Authorization = user.Client.DefaultRequestHeaders.Authorization;
        Assert.Equal(HttpStatusCode.OK, (await onRunning.GetAsync("/v1/feed")).StatusCode);

        using var client = node.CreateClient();
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/v1/auth/logout", new { refreshToken = user.Tokens.RefreshToken })).StatusCode);

        // A node started after the logout (a restart, a new replica of the API) refuses the token from its first request.
        await using var started = await StartSiblingAsync();
        using var onStarted = new HttpClient { BaseAddress = started.Address() };
        onStarted.DefaultRequestHeaders.Authorization = user.Client.DefaultRequestHeaders.Authorization;
        await ApiAssert.Problem(await onStarted.GetAsync("/v1/feed"), HttpStatusCode.Unauthorized);

        // A node already running (no Redis relay here) picks it up at its next poll of the store.
        var poll = running.Services.GetRequiredService<IOptions<AuthOptions>>().Value.RevocationPollInterval;
        node.Time.Advance(poll + TimeSpan.FromSeconds(1));
        var status = HttpStatusCode.OK;
        for (var i = 0; i < 100 && status != HttpStatusCode.Unauthorized; i++)
        {
            await Task.Delay(20);
            status = (await onRunning.GetAsync("/v1/feed")).StatusCode;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    private async Task<Microsoft.AspNetCore.Builder.WebApplication> StartSiblingAsync()
    {
        var app = StadiumHost.Build(new StadiumHostSettings(
            Port: 0,
            DataFolder: node.DataFolder,
            Settings: new Dictionary<string, string?> { ["Stadium:Auth:PasswordIterations"] = "1000", ["Logging:LogLevel:Default"] = "Warning" },
            Services: services => services.AddSingleton<TimeProvider>(node.Time)));
        await app.StartAsync();
        return app;
    }

    [Fact]
    public async Task Refresh_and_logout_validate_their_body()
    {
        using var client = node.CreateClient();
        await ApiAssert.ValidationProblem(await client.PostAsJsonAsync("/v1/auth/refresh", new { refreshToken = "" }), "refreshToken");
        await ApiAssert.ValidationProblem(await client.PostAsJsonAsync("/v1/auth/logout", new { }), "refreshToken");
    }
}

public sealed class PasswordHasherTests
{
    [Fact]
    public void Default_is_pbkdf2_sha256_at_600k_iterations_with_random_salt()
    {
        var hasher = new PasswordHasher(Options.Create(new AuthOptions()));
        var a = hasher.Hash("correct horse battery");
        var b = hasher.Hash("correct horse battery");
        Assert.StartsWith("pbkdf2-sha256$600000$", a);
        Assert.NotEqual(a, b);
        Assert.Equal(PasswordCheck.Succeeded, hasher.Verify("correct horse battery", a));
        Assert.Equal(PasswordCheck.Failed, hasher.Verify("correct horse batterY", a));
    }

    [Fact]
    public void Weaker_stored_hashes_ask_for_a_rehash()
    {
        var weak = new PasswordHasher(Options.Create(new AuthOptions { PasswordIterations = 1000 })).Hash("correct horse battery");
        var strong = new PasswordHasher(Options.Create(new AuthOptions { PasswordIterations = 2000 }));
        Assert.Equal(PasswordCheck.SucceededNeedsRehash, strong.Verify("correct horse battery", weak));
        Assert.Equal(PasswordCheck.Failed, strong.Verify("x", "garbage"));
    }
}

/// <summary>A node whose password checks are slow and scarce, to show the login limit protects reads.</summary>
public sealed class LoginStormNode : StadiumNode
{
    protected override Dictionary<string, string?> Settings => new(base.Settings)
    {
        ["Stadium:Auth:PasswordIterations"] = "600000",
        ["Stadium:Auth:LoginConcurrency"] = "1",
        ["Stadium:Auth:LoginQueue"] = "1",
    };
}

public sealed class LoginLimitTests(LoginStormNode node) : IClassFixture<LoginStormNode>
{
    [Fact]
    public async Task A_login_storm_gets_503_with_retry_after_while_feed_reads_still_succeed()
    {
        using var user = await node.NewUserAsync();
        using var client = node.CreateClient();
        var storm = Enumerable.Range(0, 24)
            .Select(_ => client.PostAsJsonAsync("/v1/auth/login", new { username = user.Username, password = "correct horse battery" }))
            .ToList();
        var feed = await user.Client.GetAsync("/v1/feed");
        var answers = await Task.WhenAll(storm);

        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        var shed = answers.Where(a => a.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.NotEmpty(shed);
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.OK);
        foreach (var answer in shed)
        {
            // Sized by LoginRetryAdvice from the crowd and the check time (LoginRetryAdviceTests); always whole seconds.
            Assert.InRange(answer.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, LoginRetryAdvice.MaxSeconds);
            await ApiAssert.Problem(answer, HttpStatusCode.ServiceUnavailable);
        }
    }
}
