using System.Net;
using System.Net.Http.Json;

namespace Stadium.Service.Tests;

/// <summary>Exports and announcements on PostgreSQL (primary + replica), with this node running the workers (LISTEN/NOTIFY wake-ups).</summary>
[Collection(PostgresApiCollection.Name)]
public sealed class PostgresJobsApiTests(PostgresClusterFixture cluster)
{
    [Fact]
    public async Task Exports_and_announcements_run_end_to_end_on_postgres()
    {
        await using var node = await cluster.StartNodeAsync(new Dictionary<string, string?> { ["Stadium:Jobs:RunWorkers"] = "true" });
        using var author = await node.NewUserAsync();
        using var follower = await node.NewUserAsync();
        (await follower.Client.PutAsync($"/v1/users/{author.Username}/follow", null)).EnsureSuccessStatusCode();
        for (var i = 0; i < 5; i++)
        {
            await PostsTests.CreatePost(author, $"post {i} on PostgreSQL");
        }

        var export = await ApiAssert.Json(await author.Client.PostAsync("/v1/exports", null), HttpStatusCode.Accepted);
        var exportId = export.GetProperty("id").GetInt64();
        await ExportsTests.WaitForStatus(author.Client, $"/v1/exports/{exportId}", "completed");
        var file = await author.Client.GetAsync($"/v1/exports/{exportId}/file");
        Assert.Equal("application/pdf", file.Content.Headers.ContentType?.MediaType);
        Assert.Equal("%PDF-"u8.ToArray(), (await file.Content.ReadAsByteArrayAsync())[..5]);
        await ApiAssert.Problem(await follower.Client.GetAsync($"/v1/exports/{exportId}"), HttpStatusCode.NotFound);

        var announcement = await ApiAssert.Json(await author.Client.PostAsJsonAsync("/v1/announcements", new { subject = "PG", body = "Hello from PostgreSQL" }), HttpStatusCode.Accepted);
        var announcementId = announcement.GetProperty("id").GetInt64();
        var done = await ExportsTests.WaitForStatus(author.Client, $"/v1/announcements/{announcementId}", "completed");
        Assert.Equal(1, done.GetProperty("delivered").GetInt32());
        Assert.Single(Directory.GetFiles(Path.Combine(node.DataFolder, "outbox"), $"announcement-{announcementId}-{follower.Id}.eml"));
    }
}
