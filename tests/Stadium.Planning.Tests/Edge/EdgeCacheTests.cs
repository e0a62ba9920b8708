using System.Net;

namespace Stadium.Planning.Tests.Edge;

/// <summary>deploy/nginx/edge.conf in real nginx in front of a real node: what it stores, revalidates and never shares.</summary>
public sealed class EdgeCacheTests(EdgeFixture fixture) : IClassFixture<EdgeFixture>
{
    [Fact]
    public async Task A_public_read_is_a_miss_then_a_hit_answered_by_the_edge_alone()
    {
        await EdgeFixture.AwayFromTheHourAsync();
        var (user, _) = await fixture.NewUserAsync();
        using var edge = fixture.EdgeClient();

        using var first = await edge.GetAsync($"/v1/users/{user}");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True(first.Headers.CacheControl?.Public);
        Assert.Equal("MISS", first.CacheStatus());
        using var second = await edge.GetAsync($"/v1/users/{user}");
        Assert.Equal("HIT", second.CacheStatus());
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());

        var log = await fixture.Edge.ReadLogAsync($"/v1/users/{user}", expected: 2);
        Assert.Equal(new[] { "MISS", "HIT" }, log.Select(l => l.CacheStatus));
        Assert.Equal(new[] { "200", "-" }, log.Select(l => l.UpstreamStatus));
    }

    [Fact]
    public async Task After_its_max_age_a_read_is_revalidated_with_its_etag_and_the_origin_answers_304()
    {
        await EdgeFixture.AwayFromTheHourAsync();
        var (user, token) = await fixture.NewUserAsync();
        await fixture.PostAsync(token, "revalidate me");
        using var edge = fixture.EdgeClient();
        var path = $"/v1/users/{user}/posts";

        using var first = await edge.GetAsync(path);
        Assert.Equal("MISS", first.CacheStatus());
        // nginx counts whole seconds: past max-age by more than one is expired whatever the rounding.
        await Task.Delay(first.MaxAge() + TimeSpan.FromSeconds(1.5));
        using var again = await edge.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("REVALIDATED", again.CacheStatus());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        var log = await fixture.Edge.ReadLogAsync(path, expected: 2);
        Assert.Equal(new[] { "200", "304" }, log.Select(l => l.UpstreamStatus));
    }

    [Fact]
    public async Task A_private_answer_is_never_stored_and_never_reaches_another_client()
    {
        await EdgeFixture.AwayFromTheHourAsync();
        var (a, aToken) = await fixture.NewUserAsync();
        var (_, bToken) = await fixture.NewUserAsync();
        await fixture.PostAsync(aToken, "only in a's feed");
        using var aEdge = fixture.EdgeClient(aToken);
        using var bEdge = fixture.EdgeClient(bToken);
        using var anonymous = fixture.EdgeClient();

        // The feed is `private, no-cache`: every read goes to the origin, each client gets its own.
        using var aFeed = await aEdge.GetAsync("/v1/feed");
        using var aAgain = await aEdge.GetAsync("/v1/feed");
        Assert.Equal(HttpStatusCode.OK, aAgain.StatusCode);
        Assert.True(aFeed.Headers.CacheControl?.Private);
        Assert.Contains("only in a's feed", await aAgain.Content.ReadAsStringAsync());
        using var bFeed = await bEdge.GetAsync("/v1/feed");
        Assert.Equal(HttpStatusCode.OK, bFeed.StatusCode);
        Assert.DoesNotContain("only in a's feed", await bFeed.Content.ReadAsStringAsync());
        using var nobody = await anonymous.GetAsync("/v1/feed");
        Assert.Equal(HttpStatusCode.Unauthorized, nobody.StatusCode);
        Assert.All(new[] { aFeed, aAgain, bFeed, nobody }, r => Assert.NotEqual("HIT", r.CacheStatus()));

        // A 404 to a request with credentials is not remembered (the next asker may own the export) ...
        using var notYours = await aEdge.GetAsync("/v1/exports/987654321");
        using var notYoursAgain = await bEdge.GetAsync("/v1/exports/987654321");
        Assert.Equal(HttpStatusCode.NotFound, notYoursAgain.StatusCode);
        Assert.Equal(new[] { "MISS", "MISS" }, new[] { notYours.CacheStatus(), notYoursAgain.CacheStatus() });
        // ... while an anonymous one is, briefly: the same rule storing what it may.
        using var missing = await anonymous.GetAsync("/v1/posts/987654321");
        using var missingAgain = await anonymous.GetAsync("/v1/posts/987654321");
        Assert.Equal(HttpStatusCode.NotFound, missingAgain.StatusCode);
        Assert.Equal(new[] { "MISS", "HIT" }, new[] { missing.CacheStatus(), missingAgain.CacheStatus() });

        // An answer the origin marks public is shared even when it was asked for with a token.
        using var profile = await aEdge.GetAsync($"/v1/users/{a}");
        using var shared = await anonymous.GetAsync($"/v1/users/{a}");
        Assert.Equal(new[] { "MISS", "HIT" }, new[] { profile.CacheStatus(), shared.CacheStatus() });
    }
}
