using System.Net;
using System.Net.Http.Json;
using Stadium.Service.Tests.Redis;

namespace Stadium.Service.Tests.RateLimits;

/// <summary>Inbound rate limits on one node (local buckets): refusals, their fields, and whose bucket a request takes from.</summary>
[Collection(ExactMetricsCollection.Name)] // Reads /metrics, whose streams a parallel class's stopping node can take away (see PlatformTests).
public sealed class RateLimitTests
{
    [Fact]
    public async Task A_user_over_the_write_limit_gets_429_problems_with_retry_after_and_ratelimit_fields_while_others_are_untouched()
    {
        await using var node = new ConfiguredNode(new Dictionary<string, string?>
        {
            ["Stadium:Protection:RateLimits:Users:Write:TokenLimit"] = "3",
            ["Stadium:Protection:RateLimits:Users:Write:TokensPerPeriod"] = "3",
            ["Stadium:Protection:RateLimits:Users:Write:Period"] = "01:00:00",
        });
        await node.InitializeAsync();
        using var alice = await node.NewUserAsync();
        using var bob = await node.NewUserAsync();

        for (var left = 2; left >= 0; left--)
        {
            var created = await alice.Client.PostAsJsonAsync("/v1/posts", new { text = $"post {left}" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal("\"write\";q=3;w=3600", Field(created, "RateLimit-Policy"));
            Assert.Equal($"\"write\";r={left};t=3600", Field(created, "RateLimit"));
        }

        var refused = await alice.Client.PostAsJsonAsync("/v1/posts", new { text = "one too many" });
        var problem = await ApiAssert.Problem(refused, HttpStatusCode.TooManyRequests);
        Assert.Contains("write", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var retryAfter = long.Parse(Field(refused, "Retry-After"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 3600);
        Assert.Equal("\"write\";q=3;w=3600", Field(refused, "RateLimit-Policy"));
        Assert.Equal($"\"write\";r=0;t={retryAfter}", Field(refused, "RateLimit"));

        // Another user's bucket, and the same user's reads, are their own.
        Assert.Equal(HttpStatusCode.Created, (await bob.Client.PostAsJsonAsync("/v1/posts", new { text = "mine" })).StatusCode);
        var feed = await alice.Client.GetAsync("/v1/feed");
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        Assert.StartsWith("\"read\";r=", Field(feed, "RateLimit"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_reads_are_limited_by_address_while_probes_and_metrics_never_are()
    {
        await using var node = new ConfiguredNode(new Dictionary<string, string?>
        {
            ["Stadium:Protection:RateLimits:Addresses:Read:TokenLimit"] = "2",
            ["Stadium:Protection:RateLimits:Addresses:Read:TokensPerPeriod"] = "1",
            ["Stadium:Protection:RateLimits:Addresses:Read:Period"] = "00:10:00",
        });
        await node.InitializeAsync();
        using var author = await node.NewUserAsync();
        using var anonymous = node.CreateClient();

        var first = await anonymous.GetAsync($"/v1/users/{author.Username}");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("\"read-address\";q=2;w=1200", Field(first, "RateLimit-Policy"));
        Assert.Equal("\"read-address\";r=1;t=600", Field(first, "RateLimit"));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/v1/users/{author.Username}/posts")).StatusCode);
        var refused = await anonymous.GetAsync($"/v1/users/{author.Username}");
        await ApiAssert.Problem(refused, HttpStatusCode.TooManyRequests);
        Assert.True(refused.Headers.Contains("Retry-After"));

        // The signed-in author reads from the author's own bucket, not the address's.
        Assert.Equal(HttpStatusCode.OK, (await author.Client.GetAsync($"/v1/users/{author.Username}")).StatusCode);
        foreach (var path in new[] { "/health/live", "/health/ready", "/metrics", "/openapi/v1.json" })
        {
            var answer = await anonymous.GetAsync(path);
            Assert.True(answer.IsSuccessStatusCode, $"{path}: {(int)answer.StatusCode}");
            Assert.False(answer.Headers.Contains("RateLimit"), path);
        }

        // Counted by class and scope (the count itself may include other test nodes in this process: they share the meter's name).
        var metrics = await anonymous.GetStringAsync("/metrics");
        Assert.Contains("stadium_protection_ratelimit_refusals_total{otel_scope_name=\"Stadium.Protection\",class=\"read\",scope=\"address\"}", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_limits_off_answers_carry_no_ratelimit_fields()
    {
        await using var node = new ConfiguredNode(new Dictionary<string, string?> { ["Stadium:Protection:RateLimits:Enabled"] = "false" });
        await node.InitializeAsync();
        using var user = await node.NewUserAsync();
        var feed = await user.Client.GetAsync("/v1/feed");
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        Assert.False(feed.Headers.Contains("RateLimit-Policy"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Behind_a_known_proxy_each_forwarded_client_has_its_own_address_bucket_and_otherwise_the_header_is_ignored(bool trusted)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Stadium:Protection:RateLimits:Addresses:Read:TokenLimit"] = "1",
            ["Stadium:Protection:RateLimits:Addresses:Read:TokensPerPeriod"] = "1",
            ["Stadium:Protection:RateLimits:Addresses:Read:Period"] = "00:10:00",
        };
        if (trusted)
        {
            settings["Stadium:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1";
        }

        await using var node = new ConfiguredNode(settings);
        await node.InitializeAsync();
        using var author = await node.NewUserAsync();
        using var anonymous = node.CreateClient();

        async Task<HttpStatusCode> ReadAs(string client)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/users/{author.Username}");
            request.Headers.Add("X-Forwarded-For", client);
            using var answer = await anonymous.SendAsync(request);
            return answer.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await ReadAs("203.0.113.1"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await ReadAs("203.0.113.1"));
        // Trusted: another client behind the same proxy has a full bucket. Not trusted: the header names no one, and the
        // request takes from the connection's (exhausted) bucket, so a client cannot dodge its limit by naming itself.
        Assert.Equal(trusted ? HttpStatusCode.OK : HttpStatusCode.TooManyRequests, await ReadAs("203.0.113.2"));
    }

    internal static string Field(HttpResponseMessage response, string name) =>
        Assert.Single(response.Headers.GetValues(name));
}
