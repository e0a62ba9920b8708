using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Stadium.Protection.Slo;

namespace Stadium.Planning.Tests.Edge;

/// <summary>How stale the edge lets a read be: a write shows within the endpoint's staleness budget (slo.yaml).</summary>
public sealed class EdgeFreshnessTests(EdgeFixture fixture) : IClassFixture<EdgeFixture>
{
    [Fact]
    public async Task A_new_post_shows_in_its_authors_list_at_the_edge_within_the_posts_staleness_budget()
    {
        await EdgeFixture.AwayFromTheHourAsync();
        var budget = SloFileParser.BuiltIn.Staleness["posts"];
        var (user, token) = await fixture.NewUserAsync();
        using var edge = fixture.EdgeClient();
        var path = $"/v1/users/{user}/posts";
        using var before = await edge.GetAsync(path);
        Assert.Equal("MISS", before.CacheStatus());
        var maxAge = before.MaxAge();

        // Written through the edge: a write is passed on, never stored.
        using var writer = fixture.EdgeClient(token);
        using var written = await writer.PostAsJsonAsync("/v1/posts", new { text = "fresh at the edge" });
        Assert.Equal(HttpStatusCode.Created, written.StatusCode);
        Assert.Equal("", written.CacheStatus());
        var since = Stopwatch.StartNew();

        // Until the cached list expires the edge may answer without the post; after that it must have it. Polled up to
        // max-age and a margin of five seconds, well inside the budget.
        TimeSpan? seenAfter = null;
        while (seenAfter is null && since.Elapsed < maxAge + TimeSpan.FromSeconds(5))
        {
            using var read = await edge.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            if ((await read.Content.ReadAsStringAsync()).Contains("fresh at the edge", StringComparison.Ordinal))
            {
                seenAfter = since.Elapsed;
            }
            else
            {
                Assert.Equal("HIT", read.CacheStatus());
                await Task.Delay(250);
            }
        }

        Assert.NotNull(seenAfter);
        Assert.True(seenAfter <= budget, $"the post showed after {seenAfter}, past the posts budget of {budget}");
    }
}
