using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Stadium.Service.Features.Announcements;

namespace Stadium.Service.Tests;

/// <summary>
/// Every announcement email carries a one-click unsubscribe link (RFC 8058): a GET only asks, a POST turns the account's
/// announcement emails off, and the account turns them on again with PATCH /v1/me/email.
/// </summary>
public sealed class UnsubscribeTests(StadiumNode node) : IClassFixture<StadiumNode>
{
    [Fact]
    public async Task A_follower_who_unsubscribes_through_an_emails_link_gets_no_more_announcements_until_turning_them_on()
    {
        using var author = await node.NewUserAsync();
        using var leaver = await node.NewUserAsync();
        using var stayer = await node.NewUserAsync();
        foreach (var follower in new[] { leaver, stayer })
        {
            (await follower.Client.PutAsync($"/v1/users/{author.Username}/follow", null)).EnsureSuccessStatusCode();
        }

        var settings = await ApiAssert.Json(await leaver.Client.GetAsync("/v1/me/email"));
        Assert.Equal(($"{leaver.Username}@example.com", true), (settings.GetProperty("email").GetString(), settings.GetProperty("announcements").GetBoolean()));

        var first = await AnnounceAsync(author, "First");
        Assert.Equal((2, 2), (first.GetProperty("recipients").GetInt32(), first.GetProperty("delivered").GetInt32()));
        var mail = await MimeMessage.LoadAsync(Path.Combine(node.DataFolder, "outbox", $"announcement-{first.GetProperty("id").GetInt64()}-{leaver.Id}.eml"));
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
        var link = new Uri(mail.Headers["List-Unsubscribe"].Trim('<', '>'));
        Assert.Equal("/v1/email/unsubscribe", link.AbsolutePath);
        Assert.Contains(link.ToString(), mail.TextBody, StringComparison.Ordinal);

        // A GET (a browser, or a mail scanner following links) asks and changes nothing.
        using var anonymous = node.CreateClient();
        using var page = await anonymous.GetAsync(link.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        // The token is in the URL: no cache keeps the page, no Referer carries it on, the page loads and runs nothing.
        Assert.True(page.Headers.CacheControl?.NoStore);
        Assert.Equal("no-referrer", Assert.Single(page.Headers.GetValues("Referrer-Policy")));
        Assert.StartsWith("default-src 'none'", Assert.Single(page.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Contains("<form method=\"post\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True((await ApiAssert.Json(await leaver.Client.GetAsync("/v1/me/email"))).GetProperty("announcements").GetBoolean());

        // The mail client's one-click POST, no login: off.
        using var oneClick = await anonymous.PostAsync(link.PathAndQuery, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
        Assert.Contains("off", await oneClick.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False((await ApiAssert.Json(await leaver.Client.GetAsync("/v1/me/email"))).GetProperty("announcements").GetBoolean());
        // Again (a second click, a retrying client): the same answer.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsync(link.PathAndQuery, null)).StatusCode);

        var second = await AnnounceAsync(author, "Second");
        Assert.Equal((1, 1), (second.GetProperty("recipients").GetInt32(), second.GetProperty("delivered").GetInt32()));
        var secondFiles = Directory.GetFiles(Path.Combine(node.DataFolder, "outbox"), $"announcement-{second.GetProperty("id").GetInt64()}-*.eml");
        Assert.Equal($"announcement-{second.GetProperty("id").GetInt64()}-{stayer.Id}.eml", Path.GetFileName(Assert.Single(secondFiles)));

        var on = await ApiAssert.Json(await leaver.Client.PatchAsJsonAsync("/v1/me/email", new { announcements = true }));
        Assert.True(on.GetProperty("announcements").GetBoolean());
        var third = await AnnounceAsync(author, "Third");
        Assert.Equal((2, 2), (third.GetProperty("recipients").GetInt32(), third.GetProperty("delivered").GetInt32()));

        // Off from the account itself, too.
        Assert.False((await ApiAssert.Json(await leaver.Client.PatchAsJsonAsync("/v1/me/email", new { announcements = false }))).GetProperty("announcements").GetBoolean());
        Assert.Equal(1, (await AnnounceAsync(author, "Fourth")).GetProperty("recipients").GetInt32());
    }

    [Fact]
    public async Task A_link_that_is_not_one_stadium_made_changes_nothing()
    {
        using var victim = await node.NewUserAsync();
        using var anonymous = node.CreateClient();
        var token = node.App.Services.GetRequiredService<UnsubscribeLinks>().TokenFor(victim.Id);
        string[] forged =
        [
            "", "?token=", $"?token={victim.Id}", $"?token={victim.Id}.", $"?token={victim.Id}.AAAAAAAAAAAAAAAAAAAAAA",
            $"?token=+{victim.Id}.AAAAAAAAAAAAAAAAAAAAAA", "?token=..", "?token=" + new string('9', 500),
            // Not base64url, or the victim's own tag mangled in transit: still only a wrong link, never a fault.
            $"?token={victim.Id}.!!!!!!!!!!!!!!!!!!!!!!", $"?token={victim.Id}.{new string('\u00e9', 22)}",
            $"?token={token[..^1]}{(token[^1] == 'B' ? 'C' : 'B')}", $"?token={token}%3D%3D", $"?token={token}&token={token}",
        ];
        foreach (var query in forged)
        {
            var problem = await ApiAssert.Problem(await anonymous.PostAsync("/v1/email/unsubscribe" + query, null), HttpStatusCode.BadRequest);
            Assert.Equal("Invalid unsubscribe link", problem.GetProperty("title").GetString());
            await ApiAssert.Problem(await anonymous.GetAsync("/v1/email/unsubscribe" + query), HttpStatusCode.BadRequest);
        }

        Assert.True((await ApiAssert.Json(await victim.Client.GetAsync("/v1/me/email"))).GetProperty("announcements").GetBoolean());
    }

    [Fact]
    public async Task A_link_made_by_a_worker_sharing_the_nodes_data_folder_works_on_the_node()
    {
        using var user = await node.NewUserAsync();
        // Built, not started: a `stadium work` process on the node's folder, as the signing key's file is shared.
        await using var worker = WorkerHost.Build(new StadiumHostSettings(Port: 0, DataFolder: node.DataFolder));
        var link = new Uri(worker.Services.GetRequiredService<UnsubscribeLinks>().LinkFor(user.Id));
        // A worker is not where people click: without a configured address its links name the documented default.
        Assert.Equal("http://127.0.0.1:8080", link.GetLeftPart(UriPartial.Authority));

        using var anonymous = node.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsync(link.PathAndQuery, null)).StatusCode);
        Assert.False((await ApiAssert.Json(await user.Client.GetAsync("/v1/me/email"))).GetProperty("announcements").GetBoolean());
    }

    [Fact]
    public async Task The_page_a_link_opens_posts_back_to_that_same_link_behind_any_path_prefix()
    {
        using var user = await node.NewUserAsync();
        var token = node.App.Services.GetRequiredService<UnsubscribeLinks>().TokenFor(user.Id);
        using var anonymous = node.CreateClient();
        var page = await (await anonymous.GetAsync($"/v1/email/unsubscribe?token={token}")).Content.ReadAsStringAsync();
        var action = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, "<form method=\"post\" action=\"([^\"]*)\"").Groups[1].Value);

        // Where a proxy serves the API under /api (Stadium:Email:PublicUrl = https://stadium.example/api), the page is
        // at the prefixed link, and so must be its button's target.
        var link = new Uri($"https://stadium.example/api/v1/email/unsubscribe?token={token}");
        Assert.Equal(link, new Uri(link, action));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsync(new Uri(new Uri(node.Address, $"/v1/email/unsubscribe?token={token}"), action), null)).StatusCode);
        Assert.False((await ApiAssert.Json(await user.Client.GetAsync("/v1/me/email"))).GetProperty("announcements").GetBoolean());
    }

    [Fact]
    public async Task A_link_made_for_an_account_that_no_longer_exists_answers_the_documented_404()
    {
        using var anonymous = node.CreateClient();
        var token = node.App.Services.GetRequiredService<UnsubscribeLinks>().TokenFor(long.MaxValue);
        var problem = await ApiAssert.Problem(await anonymous.PostAsync($"/v1/email/unsubscribe?token={token}", null), HttpStatusCode.NotFound);
        Assert.Equal("Account not found", problem.GetProperty("title").GetString());

        using var document = System.Text.Json.JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json"));
        var responses = document.RootElement.GetProperty("paths").GetProperty("/v1/email/unsubscribe").GetProperty("post").GetProperty("responses");
        Assert.True(responses.TryGetProperty("404", out var notFound));
        Assert.True(notFound.GetProperty("content").TryGetProperty("application/problem+json", out _));
    }

    [Fact]
    public async Task Email_settings_are_mine_only_and_need_a_value()
    {
        using var user = await node.NewUserAsync();
        using var anonymous = node.CreateClient();
        await ApiAssert.Problem(await anonymous.GetAsync("/v1/me/email"), HttpStatusCode.Unauthorized);
        await ApiAssert.Problem(await anonymous.PatchAsJsonAsync("/v1/me/email", new { announcements = false }), HttpStatusCode.Unauthorized);
        await ApiAssert.ValidationProblem(await user.Client.PatchAsJsonAsync("/v1/me/email", new { }), "announcements");
        await ApiAssert.Problem(await user.Client.PatchAsync("/v1/me/email", JsonContent.Create("yes")), HttpStatusCode.BadRequest);
        await ApiAssert.Problem(await user.Client.PatchAsJsonAsync("/v1/me/email", new { announcements = "no" }), HttpStatusCode.BadRequest);
        Assert.True((await ApiAssert.Json(await user.Client.GetAsync("/v1/me/email"))).GetProperty("announcements").GetBoolean());
    }

    private static async Task<System.Text.Json.JsonElement> AnnounceAsync(TestUser author, string subject)
    {
        var accepted = await ApiAssert.Json(await author.Client.PostAsJsonAsync("/v1/announcements", new { subject, body = "b" }), HttpStatusCode.Accepted);
        return await ExportsTests.WaitForStatus(author.Client, $"/v1/announcements/{accepted.GetProperty("id").GetInt64()}", "completed");
    }
}
