using System.Net;
using System.Text.Json;
using Stadium.Service.Features.Users;

namespace Stadium.Service.Tests;

/// <summary>What the /v1 route group declares once: which operations need a login, and how ids in paths are read.</summary>
public sealed class V1GroupTests(StadiumNode node) : IClassFixture<StadiumNode>
{
    private static readonly string[] PublicOperations =
    [
        "GET /v1/email/unsubscribe",
        "GET /v1/posts/{id}",
        "GET /v1/users/{username}",
        "GET /v1/users/{username}/followers",
        "GET /v1/users/{username}/following",
        "GET /v1/users/{username}/posts",
        "POST /v1/auth/login",
        "POST /v1/auth/logout",
        "POST /v1/auth/refresh",
        "POST /v1/auth/register",
        "POST /v1/email/unsubscribe",
    ];

    [Fact]
    public async Task Every_v1_operation_needs_a_login_except_the_public_reads_auth_and_the_unsubscribe_link()
    {
        using var client = node.CreateClient();
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var open = new List<string>();
        var secured = 0;
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                // Every operation declares its security: the bearer scheme, or none (an empty list) for the public ones.
                if (operation.Value.GetProperty("security").GetArrayLength() > 0)
                {
                    Assert.True(operation.Value.GetProperty("responses").TryGetProperty("401", out _), $"{operation.Name} {path.Name}");
                    secured++;
                }
                else
                {
                    open.Add($"{operation.Name.ToUpperInvariant()} {path.Name}");
                }
            }
        }

        open.Sort(StringComparer.Ordinal);
        Assert.Equal(PublicOperations, open);
        Assert.Equal(15, secured);
    }

    [Theory]
    [InlineData("post", "/v1/auth/register", "409")]
    [InlineData("post", "/v1/posts", "409")]
    [InlineData("post", "/v1/posts", "422")]
    [InlineData("get", "/v1/posts/{id}", "404")]
    [InlineData("delete", "/v1/posts/{id}", "403")]
    [InlineData("delete", "/v1/posts/{id}", "404")]
    [InlineData("get", "/v1/users/{username}", "404")]
    [InlineData("get", "/v1/users/{username}/posts", "404")]
    [InlineData("put", "/v1/users/{username}/follow", "404")]
    [InlineData("delete", "/v1/users/{username}/follow", "404")]
    [InlineData("get", "/v1/users/{username}/followers", "404")]
    [InlineData("get", "/v1/users/{username}/following", "404")]
    [InlineData("get", "/v1/exports/{id}", "404")]
    [InlineData("get", "/v1/exports/{id}/file", "409")]
    [InlineData("get", "/v1/announcements/{id}", "404")]
    [InlineData("post", "/v1/email/unsubscribe", "404")]
    public async Task A_problem_an_operation_answers_besides_the_common_ones_is_declared_for_generated_clients(string method, string path, string status)
    {
        using var client = node.CreateClient();
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var responses = document.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses");
        Assert.True(responses.TryGetProperty(status, out var response), $"{method} {path} does not declare {status}");
        Assert.True(response.GetProperty("content").TryGetProperty("application/problem+json", out _));
    }

    [Theory]
    [InlineData("DELETE", "/v1/posts/abc", "Post not found")]
    [InlineData("DELETE", "/v1/posts/0", "Post not found")]
    [InlineData("GET", "/v1/posts/-7", "Post not found")]
    [InlineData("GET", "/v1/posts/01", "Post not found")] // one URL per post: no variants a cache in front would store apart
    [InlineData("GET", "/v1/posts/+1", "Post not found")]
    [InlineData("GET", "/v1/posts/%201", "Post not found")]
    [InlineData("GET", "/v1/exports/not-a-number", "Export not found")]
    [InlineData("GET", "/v1/exports/-1/file", "Export not found")]
    [InlineData("GET", "/v1/exports/99999999999999999999999", "Export not found")]
    [InlineData("GET", "/v1/announcements/x1", "Announcement not found")]
    public async Task A_path_id_that_is_no_positive_number_in_its_one_spelling_gets_the_resources_own_404(string method, string path, string title)
    {
        using var user = await node.NewUserAsync();
        var problem = await ApiAssert.Problem(await user.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)), HttpStatusCode.NotFound);
        Assert.Equal(title, problem.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("DELETE", "/v1/posts/abc")]
    [InlineData("GET", "/v1/exports/abc")]
    [InlineData("GET", "/v1/announcements/abc")]
    public async Task A_malformed_id_on_a_private_route_still_asks_for_a_login_first(string method, string path)
    {
        using var anonymous = node.CreateClient();
        await ApiAssert.Problem(await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)), HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("Alice_01", "alice_01")]
    [InlineData("abc", "abc")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", "abcdefghijklmnopqrstuvwxyz012345")]
    public void Usernames_are_parsed_to_their_lower_case_form(string text, string canonical)
    {
        Assert.True(Username.TryParse(text, out var username));
        Assert.Equal(canonical, username.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("ab")]
    [InlineData("name\n")]
    [InlineData("with space")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456")]
    [InlineData("zoë")]
    public void Invalid_usernames_do_not_parse(string? text)
    {
        Assert.False(Username.TryParse(text, out _));
        Assert.False(Username.IsValid(text));
    }
}
