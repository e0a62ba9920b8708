using System.Net;

namespace Stadium.Planning.Tests.Edge;

/// <summary>The edge while its origin is down: stale public reads, within the hour epoch; nothing invented.</summary>
public sealed class EdgeOutageTests(EdgeFixture fixture) : IClassFixture<EdgeFixture>
{
    [Fact]
    public async Task With_the_origin_down_an_expired_public_read_is_served_stale_and_an_uncached_one_fails()
    {
        await EdgeFixture.AwayFromTheHourAsync();
        var (user, token) = await fixture.NewUserAsync();
        await fixture.PostAsync(token, "still here when the origin is not");
        using var edge = fixture.EdgeClient();
        var path = $"/v1/users/{user}/posts";
        using var cached = await edge.GetAsync(path);
        Assert.Equal("MISS", cached.CacheStatus());

        await fixture.Node.App.StopAsync();
        await Task.Delay(cached.MaxAge() + TimeSpan.FromSeconds(1.5));

        using var stale = await edge.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Equal("STALE", stale.CacheStatus());
        Assert.Equal(await cached.Content.ReadAsStringAsync(), await stale.Content.ReadAsStringAsync());
        using var never = await edge.GetAsync($"/v1/users/{user}");
        Assert.Equal(HttpStatusCode.BadGateway, never.StatusCode);
    }
}
