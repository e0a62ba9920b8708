using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Stadium.Service.Features.Auth;

namespace Stadium.Service.Tests;

/// <summary>A leaked password or device: the owner changes the password or logs out everywhere, and every other session ends.</summary>
public sealed class SessionEndTests(StadiumNode node) : IClassFixture<StadiumNode>
{
    private const string Password = "correct horse battery";
    private const string NewPassword = "battery staple horse correct";

    [Fact]
    public async Task A_password_change_ends_every_session_and_answers_a_new_one()
    {
        using var user = await node.NewUserAsync();
        var stolen = await node.LoginAsync(user.Username, Password); // another device, or an attacker's
        using var thief = Bearer(stolen.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await thief.GetAsync("/v1/feed")).StatusCode);

        using var changed = await user.Client.PostAsJsonAsync("/v1/auth/password", new { currentPassword = Password, newPassword = NewPassword });
        var fresh = (await changed.Content.ReadFromJsonAsync<TokenResponse>())!;
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);

        // Both old sessions are over: access tokens refused, refresh tokens dead.
        await ApiAssert.Problem(await thief.GetAsync("/v1/feed"), HttpStatusCode.Unauthorized);
        await ApiAssert.Problem(await user.Client.GetAsync("/v1/feed"), HttpStatusCode.Unauthorized);
        using var anonymous = node.CreateClient();
        foreach (var refresh in new[] { stolen.RefreshToken, user.Tokens.RefreshToken })
        {
            await ApiAssert.Problem(await anonymous.PostAsJsonAsync("/v1/auth/refresh", new { refreshToken = refresh }), HttpStatusCode.Unauthorized);
        }

        // The answered session works, and only the new password opens the account.
        using var owner = Bearer(fresh.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/v1/feed")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync("/v1/auth/refresh", new { refreshToken = fresh.RefreshToken })).StatusCode);
        await ApiAssert.Problem(await anonymous.PostAsJsonAsync("/v1/auth/login", new { username = user.Username, password = Password }), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync("/v1/auth/login", new { username = user.Username, password = NewPassword })).StatusCode);
    }

    [Fact]
    public async Task A_wrong_current_password_changes_nothing()
    {
        using var user = await node.NewUserAsync();

        var refused = await ApiAssert.Problem(
            await user.Client.PostAsJsonAsync("/v1/auth/password", new { currentPassword = "not it", newPassword = NewPassword }), HttpStatusCode.Forbidden);

        Assert.Equal("Wrong password", refused.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/v1/feed")).StatusCode);
        using var anonymous = node.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync("/v1/auth/login", new { username = user.Username, password = Password })).StatusCode);
    }

    [Theory]
    [InlineData("""{"currentPassword":"correct horse battery","newPassword":"short"}""", "newPassword")]
    [InlineData("""{"newPassword":"battery staple horse correct"}""", "currentPassword")]
    public async Task A_bad_request_is_a_validation_problem(string body, string field)
    {
        using var user = await node.NewUserAsync();

        await ApiAssert.ValidationProblem(await user.Client.PostAsync("/v1/auth/password", new StringContent(body, System.Text.Encoding.UTF8, "application/json")), field);

        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/v1/feed")).StatusCode);
    }

    [Fact]
    public async Task Logging_out_everywhere_ends_every_session_of_the_account_and_no_one_elses()
    {
        using var user = await node.NewUserAsync();
        using var bystander = await node.NewUserAsync();
        var other = await node.LoginAsync(user.Username, Password);
        using var otherDevice = Bearer(other.AccessToken);

        using var ended = await user.Client.PostAsync("/v1/auth/logout-all", null);

        Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
        await ApiAssert.Problem(await user.Client.GetAsync("/v1/feed"), HttpStatusCode.Unauthorized);
        await ApiAssert.Problem(await otherDevice.GetAsync("/v1/feed"), HttpStatusCode.Unauthorized);
        using var anonymous = node.CreateClient();
        await ApiAssert.Problem(await anonymous.PostAsJsonAsync("/v1/auth/refresh", new { refreshToken = other.RefreshToken }), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await bystander.Client.GetAsync("/v1/feed")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync("/v1/auth/login", new { username = user.Username, password = Password })).StatusCode);
    }

    [Theory]
    [InlineData("/v1/auth/password")]
    [InlineData("/v1/auth/logout-all")]
    public async Task Both_need_a_signed_in_user(string path)
    {
        using var anonymous = node.CreateClient();

        await ApiAssert.Problem(await anonymous.PostAsJsonAsync(path, new { currentPassword = Password, newPassword = NewPassword }), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Refreshing_keeps_a_session_alive_only_until_its_absolute_end()
    {
        // Its own node: the clock moves (by minutes: the node's periodic work runs every few seconds of its clock).
        await using var isolated = new StadiumNode
        {
            ExtraSettings = new Dictionary<string, string?>
            {
                ["Stadium:Auth:RefreshTokenLifetime"] = "00:10:00",
                ["Stadium:Auth:SessionLifetime"] = "00:20:00",
            },
        };
        await isolated.InitializeAsync();
        using var user = await isolated.NewUserAsync();
        using var anonymous = isolated.CreateClient();
        var refresh = user.Tokens.RefreshToken;

        // Each refresh inside ten minutes of the last keeps the session going, up to twenty minutes after the login...
        foreach (var minutes in new[] { 8, 8, 3 })
        {
            isolated.Time.Advance(TimeSpan.FromMinutes(minutes));
            using var answer = await anonymous.PostAsJsonAsync("/v1/auth/refresh", new { refreshToken = refresh });
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            refresh = (await answer.Content.ReadFromJsonAsync<TokenResponse>())!.RefreshToken;
        }

        // ...and not past it, although the last refresh was a minute ago (a sliding expiry alone would run for ten).
        isolated.Time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        await ApiAssert.Problem(await anonymous.PostAsJsonAsync("/v1/auth/refresh", new { refreshToken = refresh }), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync("/v1/auth/login", new { username = user.Username, password = Password })).StatusCode);
    }

    private HttpClient Bearer(string accessToken)
    {
        var client = node.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }
}
