using System.Net;

namespace Stadium.Service.Tests;

public sealed class PlatformTests(StadiumNode node) : IClassFixture<StadiumNode>
{
    [Fact]
    public async Task Health_endpoints_answer_in_production()
    {
        using var client = node.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_show_per_route_latency_bytes_downstream_calls_and_cache_results()
    {
        using var user = await node.NewUserAsync();
        await PostsTests.CreatePost(user, "metrics please");
        for (var i = 0; i < 3; i++)
        {
            (await user.Client.GetAsync("/v1/feed")).EnsureSuccessStatusCode();
            (await user.Client.GetAsync($"/v1/users/{user.Username}")).EnsureSuccessStatusCode();
        }

        using var client = node.CreateClient();
        string text = "";
        for (var attempt = 0; attempt < 20 && !text.Contains("stadium_cache_requests", StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(100);
            text = await client.GetStringAsync("/metrics");
        }

        Assert.Contains("http_server_request_duration_seconds_bucket{", text);
        Assert.Contains("http_route=\"/v1/feed\"", text);
        Assert.Contains("http_route=\"/v1/users/{username}\"", text);
        Assert.Contains("stadium_http_response_body_size_bytes_count{", text);
        Assert.Contains("stadium_http_request_body_size_bytes_count{", text);
        Assert.Contains("stadium_downstream_calls_bucket{", text);
        Assert.Contains("kind=\"store\"", text);
        Assert.Contains("kind=\"cache\"", text);
        Assert.Contains("cache=\"post\"", text);
        Assert.Contains("result=\"hit\"", text);
        Assert.DoesNotContain($"http_route=\"/v1/users/{user.Username}\"", text);
    }

    [Fact]
    public async Task OpenApi_document_and_docs_page_are_served()
    {
        using var client = node.CreateClient();
        var document = await client.GetStringAsync("/openapi/v1.json");
        foreach (var path in new[] { "/v1/auth/register", "/v1/auth/login", "/v1/feed", "/v1/posts/{id}", "/v1/users/{username}/follow" })
        {
            Assert.Contains($"\"{path}\"", document);
        }

        var docs = await client.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("text/html", docs.Content.Headers.ContentType?.ToString());
    }
}
