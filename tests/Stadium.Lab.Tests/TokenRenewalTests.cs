using Spectre.Console.Testing;
using Stadium.Lab.Reports;
using Stadium.Lab.Scenarios;

namespace Stadium.Lab.Tests;

/// <summary>A node whose access tokens live one second (a JWT's expiry is whole seconds, so some die sooner).</summary>
public sealed class ShortAccessTokenNode : SeededStadiumNode
{
    protected override Dictionary<string, string?> Settings => new(base.Settings)
    {
        ["Stadium:Auth:AccessTokenLifetime"] = "00:00:01",
    };
}

/// <summary>A node whose refresh tokens die before the access tokens they renew: every refresh is refused.</summary>
public sealed class RefusedRefreshNode : SeededStadiumNode
{
    protected override Dictionary<string, string?> Settings => new(base.Settings)
    {
        ["Stadium:Auth:AccessTokenLifetime"] = "00:00:01",
        ["Stadium:Auth:RefreshTokenLifetime"] = "00:00:00.500",
    };
}

/// <summary>
/// Journeys against real nodes with one-second access tokens: when a token expires or a 401 comes back, the
/// account renews it with its refresh token (and logs in again when that is refused) and sends the request again,
/// instead of sending more requests with a dead token until its own clock says it is time to refresh.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class TokenRenewalTests(ShortAccessTokenNode shortTokens, RefusedRefreshNode refusedRefresh)
    : IClassFixture<ShortAccessTokenNode>, IClassFixture<RefusedRefreshNode>
{
    [Fact]
    public async Task An_expired_access_token_is_refreshed_and_the_request_sent_again()
    {
        var results = await RunFeedReadersAsync(shortTokens);

        var refresh = results.Endpoints["refresh"];
        Assert.True(refresh.StatusCodes.GetValueOrDefault("200") >= 10, $"only {refresh.Requests} refreshes in 4 s of one-second tokens");
        Assert.Equal(10, results.Endpoints["login"].StatusCodes.GetValueOrDefault("200"));
        AssertEachDeadTokenCostsOneRequest(results);
    }

    [Fact]
    public async Task A_refused_refresh_logs_in_again()
    {
        var results = await RunFeedReadersAsync(refusedRefresh);

        var refresh = results.Endpoints["refresh"];
        var login = results.Endpoints["login"];
        Assert.True(refresh.StatusCodes.GetValueOrDefault("401") >= 10, $"refresh answered {string.Join(", ", refresh.StatusCodes)}");
        Assert.True(login.StatusCodes.GetValueOrDefault("200") >= 10 + 10, $"only {login.Requests} logins: refused refreshes did not lead to a new login");
        AssertEachDeadTokenCostsOneRequest(results);
    }

    /// <summary>
    /// Each dead token costs at most the one request that found out, then a renewal; without renewal on 401, every
    /// request until the client's own refresh time fails (about ten per token here).
    /// </summary>
    private static void AssertEachDeadTokenCostsOneRequest(LoadResults results)
    {
        var feed = results.Endpoints["feed"];
        var renewals = results.Endpoints["refresh"].Requests;
        var rejected = feed.StatusCodes.GetValueOrDefault("401");
        var served = feed.StatusCodes.GetValueOrDefault("200");
        Assert.True(rejected <= renewals, $"{rejected} feed reads refused with 401 against {renewals} refresh attempts");
        Assert.True(served > 10 * rejected, $"{served} good feed reads, {rejected} refused");
    }

    /// <summary>Ten distinct accounts reading their feed every 20-60 ms for 4 s.</summary>
    private static async Task<LoadResults> RunFeedReadersAsync(SeededStadiumNode node)
    {
        var scenario = ScenarioLoader.Parse($$"""
            population: {{SeededStadiumNode.Users}}
            journey: { readFeed: 1 }
            phases:
              - { executor: constant-users, users: 10, duration: 4s, thinkTime: { min: 20ms, max: 60ms } }
            """);
        var plan = ScenarioPlanner.Plan(scenario, new PlanOverrides(node.Address.ToString(), null, null));
        var (_, results) = await new LoadJob(new TestConsole(), TimeProvider.System).RunScenarioAsync(
            plan, null, maxRequests: 100_000, allowRemote: false, new OutputOptions(null, null, [], Quiet: true), CancellationToken.None);
        return results;
    }
}
