using System.Net;
using System.Net.Http.Headers;
using Stadium.Service.Tests.OpenApi.Client;

namespace Stadium.Service.Tests.OpenApi;

/// <summary>
/// The typed client checked in at OpenApi/Client/StadiumApiClient.g.cs is exactly what NSwag generates from the live
/// /openapi/v1.json, and it drives the API: a client generated from the document works against the real server.
/// </summary>
public sealed class GeneratedClientTests(StadiumNode node) : IClassFixture<StadiumNode>
{
    /// <summary>Set to 1 to write the freshly generated client over the checked-in one (then review the diff).</summary>
    private const string RegenerateVariable = "STADIUM_REGENERATE_CLIENT";

    [Fact]
    public async Task The_checked_in_client_is_what_NSwag_generates_from_the_live_document()
    {
        using var http = node.CreateClient();
        var generated = await StadiumClientGenerator.GenerateAsync(await http.GetStringAsync("/openapi/v1.json"));
        if (Environment.GetEnvironmentVariable(RegenerateVariable) == "1")
        {
            await File.WriteAllTextAsync(StadiumClientGenerator.CheckedInPath, generated);
        }

        var checkedIn = File.Exists(StadiumClientGenerator.CheckedInPath)
            ? StadiumClientGenerator.Normalize(await File.ReadAllTextAsync(StadiumClientGenerator.CheckedInPath))
            : "";
        Assert.True(
            generated == checkedIn,
            $"{StadiumClientGenerator.CheckedInPath} is stale: the API's OpenAPI document changed. Regenerate it with "
            + $"{RegenerateVariable}=1 dotnet test tests/Stadium.Service.Tests -c Release --filter FullyQualifiedName~GeneratedClientTests, and review the diff.");
    }

    [Fact]
    public async Task The_generated_client_registers_logs_in_posts_and_reads_the_feed()
    {
        using var http = node.CreateClient();
        var api = new StadiumApiClient(http);
        var username = StadiumNode.NewUsername("client");
        const string password = "correct horse battery";

        var registered = await api.RegisterAsync(new RegisterRequest { Username = username, Email = $"{username}@example.com", Password = password });
        Assert.Equal(username, registered.Username);

        var refused = await Assert.ThrowsAsync<ApiException>(() => api.LoginAsync(new LoginRequest { Username = username, Password = "wrong password" }));
        Assert.Equal((int)HttpStatusCode.Unauthorized, refused.StatusCode);
        var tokens = await api.LoginAsync(new LoginRequest { Username = username, Password = password });
        Assert.True(tokens.ExpiresIn > 0);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);

        var text = $"Written through the generated client by {username}.";
        var post = await api.CreatePostAsync(null, new CreatePostRequest { Text = text });
        Assert.Equal(username, post.Author);
        Assert.Equal(text, post.Text);

        var feed = await api.ReadFeedAsync(null, null);
        var first = Assert.Single(feed.Items);
        Assert.Equal((post.Id, text), (first.Id, first.Text));
        Assert.Null(feed.NextCursor);

        var profile = await api.GetProfileAsync(username);
        Assert.Equal((registered.Id, 1), (profile.Id, profile.Posts));

        // A validation problem arrives typed, with its field errors.
        var invalid = await Assert.ThrowsAsync<ApiException<HttpValidationProblemDetails>>(() => api.CreatePostAsync(null, new CreatePostRequest { Text = "" }));
        Assert.Equal((int)HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.True(invalid.Result.Errors?.ContainsKey("text"));
    }
}
