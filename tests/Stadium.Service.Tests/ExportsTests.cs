using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Stadium.Jobs;
using Stadium.Service.Features.Exports;
using Stadium.Service.Platform;

namespace Stadium.Service.Tests;

/// <summary>Exports through the real pipeline: the node runs its workers in-process (embedded default).</summary>
public sealed class ExportsTests(StadiumNode node) : IClassFixture<StadiumNode>
{
    internal static async Task<JsonElement> WaitForStatus(HttpClient client, string url, string status)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var current = await ApiAssert.Json(await client.GetAsync(url));
            if (current.GetProperty("status").GetString() == status)
            {
                return current;
            }

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"still {current} after 30 s");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task An_export_is_accepted_runs_and_downloads_as_a_pdf()
    {
        using var user = await node.NewUserAsync();
        await PostsTests.CreatePost(user, "First post ⚽ with some text long enough to wrap " + new string('x', 300));
        await PostsTests.CreatePost(user, "Second post");

        var response = await user.Client.PostAsync("/v1/exports", null);
        var accepted = await ApiAssert.Json(response, HttpStatusCode.Accepted);
        var id = accepted.GetProperty("id").GetInt64();
        Assert.Contains(accepted.GetProperty("status").GetString(), new[] { "queued", "running", "completed" });
        Assert.Equal($"/v1/exports/{id}", response.Headers.Location?.OriginalString);

        var done = await WaitForStatus(user.Client, $"/v1/exports/{id}", "completed");
        Assert.True(done.TryGetProperty("completedAt", out _));

        var file = await user.Client.GetAsync($"/v1/exports/{id}/file");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("application/pdf", file.Content.Headers.ContentType?.MediaType);
        var bytes = await file.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF-"u8.ToArray(), bytes[..5]);
        Assert.True(bytes.Length > 1000);

        // Pickup latency has buckets fine enough to see the 50 ms target.
        using var scraper = node.CreateClient();
        var metrics = await scraper.GetStringAsync("/metrics");
        Assert.Matches("stadium_jobs_pickup_latency_seconds_bucket\\{[^}]*le=\"0.05\"", metrics);
    }

    [Fact]
    public async Task Only_the_owner_sees_an_export()
    {
        using var owner = await node.NewUserAsync();
        using var other = await node.NewUserAsync();
        var id = (await ApiAssert.Json(await owner.Client.PostAsync("/v1/exports", null), HttpStatusCode.Accepted)).GetProperty("id").GetInt64();
        await WaitForStatus(owner.Client, $"/v1/exports/{id}", "completed");

        await ApiAssert.Problem(await other.Client.GetAsync($"/v1/exports/{id}"), HttpStatusCode.NotFound);
        await ApiAssert.Problem(await other.Client.GetAsync($"/v1/exports/{id}/file"), HttpStatusCode.NotFound);
        await ApiAssert.Problem(await owner.Client.GetAsync("/v1/exports/999999999"), HttpStatusCode.NotFound);
        await ApiAssert.Problem(await owner.Client.GetAsync("/v1/exports/not-a-number/file"), HttpStatusCode.NotFound);
        using var anonymous = node.CreateClient();
        await ApiAssert.Problem(await anonymous.PostAsync("/v1/exports", null), HttpStatusCode.Unauthorized);
        await ApiAssert.Problem(await anonymous.GetAsync($"/v1/exports/{id}"), HttpStatusCode.Unauthorized);
    }
}

/// <summary>A node whose workers are off (as an API node on PostgreSQL would be), with tight queue bounds.</summary>
public sealed class QueueOnlyNode : StadiumNode
{
    /// <summary>Moves the node's clock until its stats publisher has taken <paramref name="count"/> more readings.</summary>
    public async Task NextReadingsAsync(int count)
    {
        var readings = App.Services.GetRequiredService<QueueReadings>();
        for (var i = 0; i < count; i++)
        {
            var before = readings.At;
            var watch = Stopwatch.StartNew();
            while (readings.At == before)
            {
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), "the stats publisher took no reading");
                Time.Advance(TimeSpan.FromMilliseconds(100));
                await Task.Delay(20);
            }
        }
    }

    protected override Dictionary<string, string?> Settings => new(base.Settings)
    {
        ["Stadium:Jobs:RunWorkers"] = "false",
        ["Stadium:Jobs:StatsInterval"] = "00:00:00.100",
        ["Stadium:Jobs:Types:export.pdf:MaxPending"] = "2",
        ["Stadium:Jobs:Types:announcement.fanout:MaxPending"] = "3",
        ["Stadium:Jobs:Types:announcement.fanout:PerUserMaxPending"] = "2",
    };
}

public sealed class QueueBackpressureTests(QueueOnlyNode node) : IClassFixture<QueueOnlyNode>
{
    [Fact]
    public async Task One_export_stays_pending_per_user_and_a_full_queue_answers_503_with_retry_after()
    {
        using var first = await node.NewUserAsync();
        using var second = await node.NewUserAsync();
        using var third = await node.NewUserAsync();
        var queued = await ApiAssert.Json(await first.Client.PostAsync("/v1/exports", null), HttpStatusCode.Accepted);
        Assert.Equal("queued", queued.GetProperty("status").GetString());
        var again = await ApiAssert.Json(await first.Client.PostAsync("/v1/exports", null), HttpStatusCode.Accepted);
        Assert.Equal(queued.GetProperty("id").GetInt64(), again.GetProperty("id").GetInt64());

        await ApiAssert.Json(await second.Client.PostAsync("/v1/exports", null), HttpStatusCode.Accepted);
        var refused = await third.Client.PostAsync("/v1/exports", null);
        await ApiAssert.Problem(refused, HttpStatusCode.ServiceUnavailable);
        // Retry-After comes from the measured drain rate; none is measured yet.
        Assert.Equal(TimeSpan.FromSeconds(JobBackpressure.UnmeasuredRetryAfterSeconds), refused.Headers.RetryAfter?.Delta);
        // Nothing half-written: the refused request left no export behind.
        Assert.Equal("queued", (await ApiAssert.Json(await first.Client.GetAsync($"/v1/exports/{queued.GetProperty("id").GetInt64()}"))).GetProperty("status").GetString());

        // Two readings with the exports due and none finished (this node runs no workers): nothing drains, so
        // the advice is the longest one rather than a fixed few seconds that would bring everyone back to a full queue.
        await node.NextReadingsAsync(2);
        Assert.Equal(0, node.App.Services.GetRequiredService<QueueReadings>().DrainPerSecond(ExportStore.JobType));
        var stillRefused = await third.Client.PostAsync("/v1/exports", null);
        await ApiAssert.Problem(stillRefused, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(JobBackpressure.MaxRetryAfterSeconds), stillRefused.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Announcements_answer_429_past_the_per_user_bound_and_503_past_the_type_bound()
    {
        using var busy = await node.NewUserAsync();
        using var other = await node.NewUserAsync();
        using var late = await node.NewUserAsync();
        var body = new { subject = "Hello", body = "News for my followers" };
        await ApiAssert.Json(await busy.Client.PostAsJsonAsync("/v1/announcements", body), HttpStatusCode.Accepted);
        await ApiAssert.Json(await busy.Client.PostAsJsonAsync("/v1/announcements", body), HttpStatusCode.Accepted);
        var userFull = await busy.Client.PostAsJsonAsync("/v1/announcements", body);
        await ApiAssert.Problem(userFull, HttpStatusCode.TooManyRequests);
        Assert.NotNull(userFull.Headers.RetryAfter?.Delta);

        await ApiAssert.Json(await other.Client.PostAsJsonAsync("/v1/announcements", body), HttpStatusCode.Accepted);
        var typeFull = await late.Client.PostAsJsonAsync("/v1/announcements", body);
        await ApiAssert.Problem(typeFull, HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(typeFull.Headers.RetryAfter);

        using var scraper = node.CreateClient();
        var watch = Stopwatch.StartNew();
        string metrics;
        do
        {
            // The node's clock is the test's: move it so the stats publisher takes its next reading.
            node.Time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(100);
            metrics = await scraper.GetStringAsync("/metrics");
        }
        while (!(metrics.Contains("stadium_jobs_rejected", StringComparison.Ordinal) && metrics.Contains("stadium_jobs_depth", StringComparison.Ordinal))
            && watch.Elapsed < TimeSpan.FromSeconds(10));
        Assert.Contains("stadium_jobs_rejected", metrics, StringComparison.Ordinal);
        Assert.Contains("stadium_jobs_depth", metrics, StringComparison.Ordinal);
        Assert.Contains("stadium_jobs_oldest_age", metrics, StringComparison.Ordinal);
        // A built-in type nothing has been queued for still has its series, at zero (what KEDA must see).
        Assert.Matches("stadium_jobs_depth(_jobs)?\\{[^}]*type=\"announcement.batch\"[^}]*\\} 0", metrics);
        Assert.Matches("stadium_jobs_oldest_age(_seconds)?\\{[^}]*type=\"announcement.batch\"[^}]*\\} 0", metrics);
    }
}

public sealed class JobRetryAdviceTests
{
    [Theory]
    [InlineData(120, 4.0, 30)] // the due backlog over the measured drain rate
    [InlineData(121, 4.0, 31)] // rounded up
    [InlineData(5, 1000.0, JobBackpressure.MinRetryAfterSeconds)]
    [InlineData(0, 2.0, JobBackpressure.MinRetryAfterSeconds)]
    [InlineData(100_000, 1.0, JobBackpressure.MaxRetryAfterSeconds)]
    [InlineData(10, 0.0, JobBackpressure.MaxRetryAfterSeconds)] // work was due and nothing drained
    public void Retry_after_is_the_time_to_drain_the_due_backlog_within_bounds(long due, double drainPerSecond, int expected) =>
        Assert.Equal(expected, JobBackpressure.RetryAfterSeconds(due, drainPerSecond));

    [Fact]
    public void Without_a_measured_drain_rate_the_advice_is_the_documented_default() =>
        Assert.Equal(JobBackpressure.UnmeasuredRetryAfterSeconds, JobBackpressure.RetryAfterSeconds(50, null));
}

/// <summary>A node whose exports fail on their first and only attempt.</summary>
public sealed class FailingExportsNode : StadiumNode
{
    protected override Dictionary<string, string?> Settings => new(base.Settings)
    {
        ["Stadium:Jobs:Types:export.pdf:MaxAttempts"] = "1",
    };
}

public sealed class FailedExportTests(FailingExportsNode node) : IClassFixture<FailingExportsNode>
{
    [Fact]
    public async Task A_failed_export_tells_its_owner_a_generic_reason_and_no_server_path()
    {
        // The exports folder becomes a file: writing the PDF fails with an error that names the server's path.
        var folder = Path.Combine(node.DataFolder, "exports");
        Directory.Delete(folder, recursive: true);
        await File.WriteAllTextAsync(folder, "not a folder");
        using var user = await node.NewUserAsync();

        var id = (await ApiAssert.Json(await user.Client.PostAsync("/v1/exports", null), HttpStatusCode.Accepted)).GetProperty("id").GetInt64();
        var failed = await ExportsTests.WaitForStatus(user.Client, $"/v1/exports/{id}", "failed");

        var error = failed.GetProperty("error").GetString();
        Assert.Equal(Stadium.Service.Features.Exports.ExportJobHandler.FailureReason, error);
        Assert.DoesNotContain(node.DataFolder, failed.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Path.GetTempPath(), failed.ToString(), StringComparison.Ordinal);
    }
}
