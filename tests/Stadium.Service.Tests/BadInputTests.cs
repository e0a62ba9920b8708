using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace Stadium.Service.Tests;

/// <summary>Hostile and malformed input: always a 4xx problem+json, never a 500, never a changed record.</summary>
public sealed class BadInputTests(StadiumNode node) : IClassFixture<StadiumNode>
{
    private static StringContent Raw(string body, string contentType = "application/json") => new(body, Encoding.UTF8, contentType);

    private async Task<(int Posts, string Bio)> StateOf(TestUser user)
    {
        using var client = node.CreateClient();
        var profile = await ApiAssert.Json(await client.GetAsync($"/v1/users/{user.Username}"));
        return (profile.GetProperty("posts").GetInt32(), profile.GetProperty("bio").GetString()!);
    }

    public static TheoryData<string> MalformedPostBodies => new()
    {
        "{",
        "{\"text\": }",
        "not json at all",
        "{\"text\": 123}",
        "{\"text\": [\"a\"]}",
        "{\"text\": {\"nested\": true}}",
        "{\"text\": true}",
        "[]",
        "\"just a string\"",
        "{\"text\": \"a\",}",
        "{\"text\": \"\\ud800\"}",
        "{\"text\": \"nul \\u0000 inside\"}",
        "{\"text\": \"bell \\u0007\"}",
        "null",
        "",
        "{\"text\": \"first\", \"text\": \"second\"}",
        "{\"text\": \"first\", \"Text\": \"second\"}",
    };

    [Theory]
    [MemberData(nameof(MalformedPostBodies))]
    public async Task Malformed_or_mistyped_post_bodies_are_4xx_problems_and_change_nothing(string body)
    {
        using var user = await node.NewUserAsync();
        var before = await StateOf(user);
        var response = await user.Client.PostAsync("/v1/posts", Raw(body));
        Assert.InRange((int)response.StatusCode, 400, 499);
        await ApiAssert.Problem(response, response.StatusCode);
        Assert.Equal(before, await StateOf(user));
    }

    [Theory]
    [InlineData("{\"text\": 123}", "text")]
    [InlineData("{\"text\": [\"a\"]}", "text")]
    [InlineData("{\"text\": {\"nested\": true}}", "text")]
    public async Task Wrong_types_are_field_level_validation_errors(string body, string field)
    {
        using var user = await node.NewUserAsync();
        await ApiAssert.ValidationProblem(await user.Client.PostAsync("/v1/posts", Raw(body)), field);
        Assert.Equal(0, (await StateOf(user)).Posts);
    }

    [Fact]
    public async Task Missing_body_is_explained_without_framework_internals()
    {
        using var user = await node.NewUserAsync();
        var problem = await ApiAssert.Problem(await user.Client.PostAsync("/v1/posts", Raw("")), HttpStatusCode.BadRequest);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("JSON body", detail);
        Assert.DoesNotContain("parameter", detail);
        Assert.DoesNotContain("Service", detail);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\t \r\n")]
    [InlineData("\u3000\u00a0")]
    [InlineData("\u200b")] // zero-width space: invisible, not white space to char.IsWhiteSpace
    [InlineData("\ufeff \u200d\u2060")] // BOM, zero-width joiner, word joiner
    [InlineData("\u200e\u202e")] // direction marks alone
    public async Task Blank_post_text_is_a_validation_error(string text)
    {
        using var user = await node.NewUserAsync();
        await ApiAssert.ValidationProblem(await user.Client.PostAsJsonAsync("/v1/posts", new { text }), "text");
        Assert.Equal(0, (await StateOf(user)).Posts);
    }

    [Fact]
    public async Task Wrong_content_type_is_415_problem()
    {
        using var user = await node.NewUserAsync();
        await ApiAssert.Problem(await user.Client.PostAsync("/v1/posts", Raw("{\"text\":\"hi\"}", "text/plain")), HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(0, (await StateOf(user)).Posts);
    }

    [Fact]
    public async Task Missing_content_type_is_415_problem_that_names_json()
    {
        using var user = await node.NewUserAsync();
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"text\":\"hi\"}"));
        var problem = await ApiAssert.Problem(await user.Client.PostAsync("/v1/posts", content), HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("Unsupported Media Type", problem.GetProperty("title").GetString());
        Assert.Contains("application/json", problem.GetProperty("detail").GetString());
        Assert.Equal(0, (await StateOf(user)).Posts);
    }

    [Fact]
    public async Task Oversize_bodies_are_413_problem_and_nothing_is_written()
    {
        using var user = await node.NewUserAsync();
        var huge = "{\"text\":\"" + new string('a', 200_000) + "\"}";
        var response = await user.Client.PostAsync("/v1/posts", Raw(huge));
        await ApiAssert.Problem(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, (await StateOf(user)).Posts);

        using var anonymous = node.CreateClient();
        var register = await anonymous.PostAsync("/v1/auth/register", Raw("{\"username\":\"big_one\",\"email\":\"a@b.co\",\"password\":\"" + new string('p', 100_000) + "\"}"));
        await ApiAssert.Problem(register, HttpStatusCode.RequestEntityTooLarge);
        await ApiAssert.Problem(await anonymous.GetAsync("/v1/users/big_one"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Over_long_password_is_a_validation_error_not_a_slow_hash()
    {
        using var client = node.CreateClient();
        await ApiAssert.ValidationProblem(
            await client.PostAsJsonAsync("/v1/auth/register", new { username = StadiumNode.NewUsername(), email = "a@example.com", password = new string('p', 257) }), "password");
    }

    public static TheoryData<string> InjectionStrings => new()
    {
        "'; DROP TABLE posts; --",
        "\" OR 1=1 --",
        "<script>alert(1)</script>",
        "${jndi:ldap://x}",
        "../../etc/passwd",
        "%00%27",
        "Robert'); DELETE FROM users WHERE ('1'='1",
    };

    [Theory]
    [MemberData(nameof(InjectionStrings))]
    public async Task Injection_strings_are_stored_verbatim_as_text(string text)
    {
        using var user = await node.NewUserAsync();
        var created = await PostsTests.CreatePost(user, text);
        using var client = node.CreateClient();
        var read = await ApiAssert.Json(await client.GetAsync($"/v1/posts/{created.GetProperty("id").GetInt64()}"));
        Assert.Equal(text, read.GetProperty("text").GetString());
        Assert.Equal(1, (await StateOf(user)).Posts);
    }

    [Theory]
    [MemberData(nameof(InjectionStrings))]
    public async Task Injection_strings_in_paths_and_logins_are_4xx(string value)
    {
        using var client = node.CreateClient();
        var profile = await client.GetAsync($"/v1/users/{Uri.EscapeDataString(value)}");
        Assert.InRange((int)profile.StatusCode, 400, 499);
        await ApiAssert.Problem(profile, profile.StatusCode);
        var login = await client.PostAsJsonAsync("/v1/auth/login", new { username = value, password = value + "padding-padding" });
        Assert.InRange((int)login.StatusCode, 400, 499);
        await ApiAssert.Problem(login, login.StatusCode);
        var register = await client.PostAsJsonAsync("/v1/auth/register", new { username = value, email = "x@example.com", password = "twelve chars ok" });
        await ApiAssert.ValidationProblem(register, "username");
    }

    [Theory]
    [InlineData("Zoë 👩‍👩‍👧 ñ 日本語 עברית \u200f RTL")]
    [InlineData("e\u0301\u0301\u0301 combining")]
    [InlineData("\ufeffbom and \u2028 line separator")]
    [InlineData("line one\nline two\ttabbed\r\n")]
    public async Task Unicode_edge_cases_round_trip(string text)
    {
        using var user = await node.NewUserAsync();
        var created = await PostsTests.CreatePost(user, text);
        Assert.Equal(text, created.GetProperty("text").GetString());
        var patched = await ApiAssert.Json(await user.Client.PatchAsJsonAsync("/v1/me", new { bio = text }));
        Assert.Equal(text, patched.GetProperty("bio").GetString());
    }

    [Theory]
    [InlineData("name_{0}\n")]
    [InlineData("name_{0}\r\n")]
    [InlineData("\nname_{0}")]
    [InlineData("name_{0}\t")]
    public async Task Usernames_with_surrounding_white_space_are_refused_and_never_stored(string pattern)
    {
        var username = string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, Random.Shared.Next(100_000, 999_999));
        using var client = node.CreateClient();
        await ApiAssert.ValidationProblem(
            await client.PostAsJsonAsync("/v1/auth/register", new { username, email = "x@example.com", password = "correct horse battery" }), "username");
        await ApiAssert.Problem(await client.GetAsync($"/v1/users/{Uri.EscapeDataString(username)}"), HttpStatusCode.NotFound);
        await ApiAssert.Problem(await client.GetAsync($"/v1/users/{Uri.EscapeDataString(username.Trim())}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Wrong_types_in_profile_patch_leave_the_profile_unchanged()
    {
        using var user = await node.NewUserAsync();
        (await user.Client.PatchAsJsonAsync("/v1/me", new { bio = "kept" })).EnsureSuccessStatusCode();
        var response = await user.Client.PatchAsync("/v1/me", Raw("{\"bio\": 42, \"displayName\": \"x\"}"));
        await ApiAssert.Problem(response, HttpStatusCode.BadRequest);
        Assert.Equal("kept", (await StateOf(user)).Bio);
    }

    [Fact]
    public async Task Unknown_routes_and_methods_are_problems()
    {
        using var client = node.CreateClient();
        await ApiAssert.Problem(await client.GetAsync("/v1/does-not-exist"), HttpStatusCode.NotFound);
        await ApiAssert.Problem(await client.GetAsync("/v2/feed"), HttpStatusCode.NotFound);
        var wrongMethod = await client.PutAsync("/v1/auth/login", Raw("{}"));
        Assert.InRange((int)wrongMethod.StatusCode, 400, 499);
        await ApiAssert.Problem(wrongMethod, wrongMethod.StatusCode);
    }

    [Fact]
    public async Task Bad_idempotency_key_is_400_and_writes_nothing()
    {
        using var user = await node.NewUserAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/posts") { Content = JsonContent.Create(new { text = "x" }) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", new string('k', 200));
        await ApiAssert.ValidationProblem(await user.Client.SendAsync(request), "Idempotency-Key");
        Assert.Equal(0, (await StateOf(user)).Posts);
    }
}
