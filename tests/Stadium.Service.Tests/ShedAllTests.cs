using System.Net;

namespace Stadium.Service.Tests;

/// <summary>A node told to shed everything (a drill, or a bench measuring what a refusal costs) still answers its probes.</summary>
[Collection(ExactMetricsCollection.Name)] // Reads /metrics, whose streams a parallel class's stopping node can take away (see PlatformTests).
public sealed class ShedAllTests : IAsyncLifetime
{
    private readonly StadiumNode _node = new()
    {
        ExtraSettings = new Dictionary<string, string?> { ["Stadium:Protection:Shedding:ShedAll"] = "true" },
    };

    public Task InitializeAsync() => _node.InitializeAsync();

    public Task DisposeAsync() => _node.DisposeAsync();

    [Fact]
    public async Task Every_request_but_health_and_metrics_is_shed_before_authentication()
    {
        using var client = _node.CreateClient();
        foreach (var (method, path) in new[] { ("GET", "/v1/feed"), ("GET", "/v1/users/someone"), ("POST", "/v1/auth/login") })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer not.a.token");
            using var response = await client.SendAsync(request);
            await ApiAssert.Problem(response, HttpStatusCode.ServiceUnavailable);
            Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"{path}: Retry-After");
        }

        using var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var metrics = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Matches("stadium_protection_shedding_sheds_total\\{[^}]*reason=\"drill\"[^}]*\\} [1-9]", await metrics.Content.ReadAsStringAsync());
    }
}
