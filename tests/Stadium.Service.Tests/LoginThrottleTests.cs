using System.Globalization;
using System.Net;
using System.Net.Http.Json;

namespace Stadium.Service.Tests;

/// <summary>Failed logins are counted per account and address, per account and per address, and refused (429) before any password is checked.</summary>
public sealed class LoginThrottleTests : IAsyncLifetime
{
    private readonly StadiumNode _node = new()
    {
        ExtraSettings = new Dictionary<string, string?>
        {
            ["Stadium:Auth:FailedLoginsPerAccountAndAddress"] = "3",
            ["Stadium:Auth:FailedLoginsPerAccount"] = "30",
            ["Stadium:Auth:FailedLoginsPerAddress"] = "8",
            // One failure back every 2 s per account and address: long enough to see the refusal, short enough to see it end.
            ["Stadium:Auth:FailedLoginWindow"] = "00:00:06",
        },
    };

    public Task InitializeAsync() => _node.InitializeAsync();

    public Task DisposeAsync() => _node.DisposeAsync();

    [Fact]
    public async Task Guessing_one_accounts_password_is_refused_even_with_the_right_one_until_the_budget_refills()
    {
        using var victim = await _node.NewUserAsync();
        using var bystander = await _node.NewUserAsync();
        using var client = _node.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            await ApiAssert.Problem(await Login(client, victim.Username, "guess " + i), HttpStatusCode.Unauthorized);
        }

        // The fourth try is refused before the password is looked at: the right one too.
        using var refused = await Login(client, victim.Username, "correct horse battery");
        var problem = await ApiAssert.Problem(refused, (HttpStatusCode)429);
        Assert.Equal("Too many failed logins", problem.GetProperty("title").GetString());
        var retryAfter = int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")), CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 6);

        // Another account from the same address is not affected (its own and the address's budgets are not spent).
        using var other = await Login(client, bystander.Username, "correct horse battery");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);

        // Once a failure's worth has refilled, the owner gets in.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        HttpResponseMessage answer;
        do
        {
            await Task.Delay(250);
            answer = await Login(client, victim.Username, "correct horse battery");
        }
        while (answer.StatusCode == (HttpStatusCode)429 && clock.Elapsed < TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.True(clock.Elapsed > TimeSpan.FromSeconds(0.5), $"let in after {clock.Elapsed}");
    }

    [Fact]
    public async Task An_address_trying_many_made_up_names_is_refused_before_they_reach_the_password_pool()
    {
        // Its own node: this test spends the address's budget, which the other test needs.
        await using var node = new StadiumNode
        {
            ExtraSettings = new Dictionary<string, string?>
            {
                ["Stadium:Auth:FailedLoginsPerAddress"] = "8",
                ["Stadium:Auth:FailedLoginWindow"] = "01:00:00",
            },
        };
        await node.InitializeAsync();
        using var user = await node.NewUserAsync();
        using var client = node.CreateClient();
        for (var i = 0; i < 8; i++)
        {
            await ApiAssert.Problem(await Login(client, StadiumNode.NewUsername("nobody"), "x"), HttpStatusCode.Unauthorized);
        }

        var refused = await ApiAssert.Problem(await Login(client, StadiumNode.NewUsername("nobody"), "x"), (HttpStatusCode)429);
        Assert.Contains("this address", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ApiAssert.Problem(await Login(client, user.Username, "correct horse battery"), (HttpStatusCode)429);
    }

    private static Task<HttpResponseMessage> Login(HttpClient client, string username, string password) =>
        client.PostAsJsonAsync("/v1/auth/login", new { username, password });
}
