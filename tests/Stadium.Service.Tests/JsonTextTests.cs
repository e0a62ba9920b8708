using System.Net;
using System.Text;
using System.Text.Json;
using Stadium.Service.Platform;

namespace Stadium.Service.Tests;

/// <summary>JSON answers carry text as users wrote it: raw UTF-8, emoji included, with only what JSON requires escaped.</summary>
public sealed class JsonTextTests(StadiumNode node) : IClassFixture<StadiumNode>
{
    private const string Written = "Great 👍 café 你好 שלום مرحبا <b>&'";

    [Fact]
    public async Task A_post_with_emoji_comes_back_as_raw_utf8_in_every_answer()
    {
        using var author = await node.NewUserAsync();
        using var follower = (await node.NewFollowersAsync(author, 1))[0];
        var id = (await PostsTests.CreatePost(author, Written + " \"quoted\" \\ end")).GetProperty("id").GetInt64();

        using var anonymous = node.CreateClient();
        foreach (var (client, url) in new[] { (anonymous, $"/v1/posts/{id}"), (anonymous, $"/v1/users/{author.Username}/posts"), (follower.Client, "/v1/feed") })
        {
            // Twice: the second answer comes from the post cache's stored bytes.
            for (var i = 0; i < 2; i++)
            {
                using var response = await client.GetAsync(url);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var bytes = await response.Content.ReadAsByteArrayAsync();
                AssertRaw(bytes, url);
                // The whole text, with only the quote and the backslash escaped.
                Assert.Contains(Written + " \\\"quoted\\\" \\\\ end", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task A_problem_answer_keeps_what_the_user_sent_raw()
    {
        using var anonymous = node.CreateClient();
        using var response = await anonymous.GetAsync("/v1/users/zo%C3%AB%F0%9F%91%8D");
        var problem = await ApiAssert.Problem(response, HttpStatusCode.NotFound);
        Assert.Contains("zoë👍", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.AsSpan().IndexOf("zoë👍"u8) >= 0, Encoding.UTF8.GetString(bytes));
        Assert.DoesNotContain("\\u", Encoding.UTF8.GetString(bytes), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("👍", "\"👍\"")]
    [InlineData("a\"b\\c", "\"a\\\"b\\\\c\"")]
    [InlineData("line\nnext\ttab\u0001", "\"line\\nnext\\ttab\\u0001\"")]
    [InlineData("<script>&'</script>", "\"<script>&'</script>\"")]
    [InlineData("日本語 ﷺ \u2028", "\"日本語 ﷺ \u2028\"")]
    public void The_encoder_escapes_only_what_json_requires(string value, string expected)
    {
        var options = new JsonSerializerOptions { Encoder = JsonMinimalEncoder.Instance };
        Assert.Equal(expected, JsonSerializer.Serialize(value, options));

        // The UTF-8 path (strings already held as bytes) writes the same.
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JsonMinimalEncoder.Instance }))
        {
            writer.WriteStringValue(Encoding.UTF8.GetBytes(value));
        }

        Assert.Equal(expected, Encoding.UTF8.GetString(buffer.ToArray()));
    }

    [Fact]
    public void Invalid_text_becomes_escaped_replacement_characters()
    {
        var json = JsonSerializer.Serialize("lone \ud83d here", new JsonSerializerOptions { Encoder = JsonMinimalEncoder.Instance });
        Assert.Matches("^\"lone (\\\\uFFFD)+ here\"$", json);
        Assert.Matches("^lone \uFFFD+ here$", JsonSerializer.Deserialize<string>(json));
    }

    private static void AssertRaw(byte[] body, string url)
    {
        var text = Encoding.UTF8.GetString(body);
        Assert.True(body.AsSpan().IndexOf("👍"u8) >= 0, $"{url}: no raw emoji in {text}");
        Assert.True(body.AsSpan().IndexOf("café 你好 שלום مرحبا <b>&'"u8) >= 0, $"{url}: non-ASCII or HTML characters escaped in {text}");
        Assert.DoesNotContain("\\u", text, StringComparison.OrdinalIgnoreCase);
    }
}
