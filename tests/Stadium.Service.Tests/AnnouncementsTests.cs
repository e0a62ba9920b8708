using System.Net;
using System.Net.Http.Json;

namespace Stadium.Service.Tests;

public sealed class AnnouncementsTests(StadiumNode node) : IClassFixture<StadiumNode>
{
    [Fact]
    public async Task An_announcement_reaches_every_follower_once_through_the_outbox()
    {
        using var author = await node.NewUserAsync();
        var followers = new List<TestUser>();
        for (var i = 0; i < 3; i++)
        {
            var follower = await node.NewUserAsync();
            (await follower.Client.PutAsync($"/v1/users/{author.Username}/follow", null)).EnsureSuccessStatusCode();
            followers.Add(follower);
        }

        var response = await author.Client.PostAsJsonAsync("/v1/announcements", new { subject = "Big news", body = "We are moving stadium." });
        var accepted = await ApiAssert.Json(response, HttpStatusCode.Accepted);
        var id = accepted.GetProperty("id").GetInt64();
        Assert.Equal($"/v1/announcements/{id}", response.Headers.Location?.OriginalString);

        var done = await ExportsTests.WaitForStatus(author.Client, $"/v1/announcements/{id}", "completed");
        Assert.Equal((3, 3), (done.GetProperty("recipients").GetInt32(), done.GetProperty("delivered").GetInt32()));

        var outbox = Path.Combine(node.DataFolder, "outbox");
        var files = Directory.GetFiles(outbox, $"announcement-{id}-*.eml");
        Assert.Equal(3, files.Length);
        foreach (var follower in followers)
        {
            var mail = Assert.Single(files, f => Path.GetFileName(f) == $"announcement-{id}-{follower.Id}.eml");
            var text = await File.ReadAllTextAsync(mail);
            Assert.Contains($"{follower.Username}@example.com", text, StringComparison.Ordinal);
            Assert.Contains("Big news", text, StringComparison.Ordinal);
            follower.Dispose();
        }

        using var stranger = await node.NewUserAsync();
        await ApiAssert.Problem(await stranger.Client.GetAsync($"/v1/announcements/{id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_announcement_needs_a_subject_a_body_and_a_token()
    {
        using var author = await node.NewUserAsync();
        await ApiAssert.ValidationProblem(await author.Client.PostAsJsonAsync("/v1/announcements", new { subject = "", body = "x" }), "subject");
        await ApiAssert.ValidationProblem(await author.Client.PostAsJsonAsync("/v1/announcements", new { subject = "x" }), "body");
        // A subject is one email header line: a line break would be dropped silently ("a\r\nBcc: x" went out as "aBcc: x").
        await ApiAssert.ValidationProblem(await author.Client.PostAsJsonAsync("/v1/announcements", new { subject = "a\r\nBcc: x@example.com", body = "x" }), "subject");
        await ApiAssert.ValidationProblem(await author.Client.PostAsJsonAsync("/v1/announcements", new { subject = "two\nlines", body = "x" }), "subject");
        using var anonymous = node.CreateClient();
        await ApiAssert.Problem(await anonymous.PostAsJsonAsync("/v1/announcements", new { subject = "x", body = "y" }), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_announcement_without_followers_completes_with_no_recipients()
    {
        using var author = await node.NewUserAsync();
        var id = (await ApiAssert.Json(await author.Client.PostAsJsonAsync("/v1/announcements", new { subject = "s", body = "b" }), HttpStatusCode.Accepted)).GetProperty("id").GetInt64();
        var done = await ExportsTests.WaitForStatus(author.Client, $"/v1/announcements/{id}", "completed");
        Assert.Equal(0, done.GetProperty("recipients").GetInt32());
    }
}
