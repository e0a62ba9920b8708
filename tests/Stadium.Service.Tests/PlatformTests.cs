using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Stadium.Protection.Shedding;

namespace Stadium.Service.Tests;

/// <summary>
/// Tests that read exact figures from /metrics run alone: OpenTelemetry selects meters by name across the process, so a
/// node in another test class that stops while one of these runs can take the shared metric stream with it (CI saw
/// the request-body series vanish for three seconds).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ExactMetricsCollection
{
    public const string Name = "Exact metrics";
}

[Collection(ExactMetricsCollection.Name)]
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
    public async Task An_unready_node_answers_503_problem_json_naming_the_failing_check()
    {
        await using var lone = new StadiumNode();
        await lone.InitializeAsync();
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(lone.DataFolder, "stadium.db")};Pooling=false"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM schema_migrations";
            command.ExecuteNonQuery();
        }

        using var client = lone.CreateClient();
        var ready = await client.GetAsync("/health/ready");
        var problem = await ApiAssert.Problem(ready, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("Schema migrations not applied", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
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
        // Buckets under ASP.NET Core's first (5 ms), where a cached read answers.
        var requestBuckets = text.Split('\n').Where(l => l.StartsWith("http_server_request_duration_seconds_bucket{", StringComparison.Ordinal)).ToList();
        Assert.Contains(requestBuckets, l => l.Contains("le=\"0.001\"", StringComparison.Ordinal));
        Assert.Contains(requestBuckets, l => l.Contains("le=\"0.0025\"", StringComparison.Ordinal));
        Assert.Contains(requestBuckets, l => l.Contains("le=\"0.005\"", StringComparison.Ordinal));
        Assert.Contains("http_route=\"/v1/feed\"", text);
        Assert.Contains("http_route=\"/v1/users/{username}\"", text);
        Assert.Contains("stadium_http_response_body_size_bytes_count{", text);
        Assert.Contains("stadium_http_request_body_size_bytes_count{", text);
        Assert.Contains("stadium_downstream_calls_bucket{", text);
        Assert.Contains("kind=\"store\"", text);
        Assert.Contains("kind=\"cache\"", text);
        Assert.Contains("cache=\"post\"", text);
        Assert.Contains("result=\"hit\"", text);
        // Cache results and payload sizes are per endpoint: method and route template on every series.
        var feedCacheHits = text.Split('\n').Where(l => l.StartsWith("stadium_cache_requests", StringComparison.Ordinal)
            && l.Contains("cache=\"post\"") && l.Contains("http_route=\"/v1/feed\"") && l.Contains("http_request_method=\"GET\"") && l.Contains("result=\"hit\""));
        Assert.NotEmpty(feedCacheHits);
        Assert.Contains(text.Split('\n'), l => l.StartsWith("stadium_http_request_body_size_bytes_count{", StringComparison.Ordinal)
            && l.Contains("http_request_method=\"POST\"") && l.Contains("http_route=\"/v1/posts\""));
        Assert.DoesNotContain($"http_route=\"/v1/users/{user.Username}\"", text);
    }

    [Fact]
    public async Task A_method_the_client_makes_up_adds_no_series_and_a_known_one_is_spelled_one_way()
    {
        // Any client can send any token as a method: each one kept as a label would be new series in every Stadium
        // histogram (a scrape that grows without bound, and OpenTelemetry's cardinality limit then folding real
        // routes into its overflow series). ASP.NET Core's own metrics say _OTHER for them; Stadium's do the same.
        // A node of its own, as for the body sizes: a node stopped earlier in this process can end the shared node's streams.
        await using var lone = new StadiumNode();
        await lone.InitializeAsync();
        using var client = lone.CreateClient();
        var invented = $"M{Guid.NewGuid():n}"[..20].ToUpperInvariant();
        static bool Other(string l) => l.StartsWith("stadium_http_response_body_size_bytes_count{", StringComparison.Ordinal) && l.Contains("http_request_method=\"_OTHER\"", StringComparison.Ordinal);
        static bool Get(string l) => l.StartsWith("stadium_downstream_calls_count{", StringComparison.Ordinal)
            && l.Contains("http_request_method=\"GET\"", StringComparison.Ordinal) && l.Contains("http_route=\"/v1/users/{username}\"", StringComparison.Ordinal);

        // Sent again until both show: a node another test stops can hold up this process's metric stream for seconds.
        string[] lines = [];
        for (var attempt = 0; attempt < 50 && !(lines.Any(Other) && lines.Any(Get)); attempt++)
        {
            foreach (var method in new[] { invented, "get" })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), "/v1/users/nobody_here");
                (await client.SendAsync(request)).Dispose();
            }

            await Task.Delay(200);
            lines = [.. (await client.GetStringAsync("/metrics")).Split('\n').Where(l => l.StartsWith("stadium_", StringComparison.Ordinal))];
        }

        Assert.Contains(lines, Other);
        Assert.Contains(lines, Get);
        Assert.DoesNotContain(lines, l => l.Contains(invented, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(lines, l => l.Contains("http_request_method=\"get\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Request_body_sizes_count_uploads_with_and_without_a_content_length()
    {
        await using var lone = new StadiumNode();
        await lone.InitializeAsync();
        using var user = await lone.NewUserAsync();
        var body = "{\"text\":\"" + new string('b', 1000) + "\"}";
        foreach (var chunked in new[] { true, false })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/posts") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
            request.Headers.TransferEncodingChunked = chunked;
            Assert.Equal(HttpStatusCode.Created, (await user.Client.SendAsync(request)).StatusCode);
        }

        // OpenTelemetry selects meters by name, so while another test's node runs in this process its series can show
        // here too (with other labels): the lone node's own series must be among them with exactly both bodies.
        using var client = lone.CreateClient();
        var expected = (2 * body.Length).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var sums = new List<string>();
        for (var attempt = 0; attempt < 30 && !sums.Contains(expected); attempt++)
        {
            await Task.Delay(100);
            sums = [.. (await client.GetStringAsync("/metrics")).Split('\n')
                .Where(l => l.StartsWith("stadium_http_request_body_size_bytes_sum{", StringComparison.Ordinal)
                    && l.Contains("http_request_method=\"POST\"") && l.Contains("http_route=\"/v1/posts\""))
                .Select(l => l[(l.LastIndexOf(' ') + 1)..])];
        }

        Assert.Contains(expected, sums);
    }

    [Fact]
    public async Task A_password_check_takes_one_lease_from_the_login_limiter()
    {
        await using var lone = new StadiumNode();
        await lone.InitializeAsync();
        using var user = await lone.NewUserAsync();
        using var client = lone.CreateClient();

        // One lease per register or login: a second rate-limiting middleware would take a second one from limiters of its own.
        // A request's duration is recorded as it ends, after its lease, so the counts are read until they settle; the
        // exporter serves a cached scrape for a moment, so a first scrape may show neither yet (0 = 0 is not settled).
        double passwordChecks = 0, leases = -1;
        for (var attempt = 0; attempt < 30 && (passwordChecks == 0 || passwordChecks != leases); attempt++)
        {
            await Task.Delay(100);
            var metrics = await client.GetStringAsync("/metrics");
            passwordChecks = Sum(metrics, "http_server_request_duration_seconds_count{", "http_route=\"/v1/auth/register\"")
                + Sum(metrics, "http_server_request_duration_seconds_count{", "http_route=\"/v1/auth/login\"");
            leases = Sum(metrics, "aspnetcore_rate_limiting_requests_total{", "aspnetcore_rate_limiting_policy=\"password-hashing\"");
        }

        Assert.True(passwordChecks > 0);
        Assert.Equal(passwordChecks, leases);
    }

    private static double Sum(string metrics, string name, string label) =>
        metrics.Split('\n').Where(l => l.StartsWith(name, StringComparison.Ordinal) && l.Contains(label, StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task OpenApi_document_and_docs_page_are_served()
    {
        using var client = node.CreateClient();
        var document = await client.GetStringAsync("/openapi/v1.json");
        foreach (var path in new[] { "/v1/auth/register", "/v1/auth/login", "/v1/feed", "/v1/posts/{id}", "/v1/users/{username}/follow" })
        {
            Assert.Contains($"\"{path}\"", document);
        }

        // The bearer scheme is declared and required exactly where the API requires a token; public reads declare none.
        using var parsed = System.Text.Json.JsonDocument.Parse(document);
        var root = parsed.RootElement;
        var scheme = root.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        var paths = root.GetProperty("paths");
        var feed = paths.GetProperty("/v1/feed").GetProperty("get");
        Assert.True(feed.GetProperty("security")[0].TryGetProperty("Bearer", out _));
        Assert.True(feed.GetProperty("responses").TryGetProperty("401", out _));
        var createPost = paths.GetProperty("/v1/posts").GetProperty("post").GetProperty("responses");
        Assert.True(createPost.GetProperty("400").GetProperty("content").TryGetProperty("application/problem+json", out _));
        var profile = paths.GetProperty("/v1/users/{username}").GetProperty("get");
        Assert.Equal(0, profile.GetProperty("security").GetArrayLength());
        Assert.False(profile.GetProperty("responses").TryGetProperty("401", out _));
        Assert.True(profile.GetProperty("responses").TryGetProperty("503", out _));

        var docs = await client.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("text/html", docs.Content.Headers.ContentType?.ToString());
    }
}

public sealed class ShutdownTests
{
    [Fact]
    public async Task Stopping_the_node_finishes_requests_already_in_flight()
    {
        await using var node = new LoginStormNode();
        await node.InitializeAsync();
        using var user = await node.NewUserAsync();
        using var client = node.CreateClient();

        // A login at 600,000 iterations takes a few hundred milliseconds: stop the node while it runs.
        var login = client.PostAsJsonAsync("/v1/auth/login", new { username = user.Username, password = "correct horse battery" });
        // Until the node has admitted it (a fixed pause could end before a loaded machine even sent it, and a stopping
        // node refuses a request that has not arrived), or it is already answered.
        var gate = node.App.Services.GetRequiredService<AdmissionGates>().Other;
        Assert.True(SpinWait.SpinUntil(() => gate.InFlight == 1 || login.IsCompleted, TimeSpan.FromSeconds(30)), "the login never reached the node");
        var stopping = node.App.StopAsync();
        var answer = await login;
        await stopping;

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetAsync("/health/live"));
    }
}
