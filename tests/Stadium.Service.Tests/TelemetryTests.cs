using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Stadium.Service.Tests;

/// <summary>Traces go to the configured OTLP endpoint, named after the service and its instance; without one there is no tracer.</summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task Request_store_cache_and_job_spans_reach_the_configured_otlp_endpoint()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var node = new StadiumNode
        {
            ExtraSettings = new Dictionary<string, string?>
            {
                ["Stadium:Telemetry:OtlpEndpoint"] = receiver.Address,
                ["Stadium:Telemetry:InstanceId"] = "node-under-test",
                // The batch processor's delay (5 s by default), so the test does not wait for it.
                ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            },
        };
        await node.InitializeAsync();
        try
        {
            Assert.NotNull(node.App.Services.GetService<TracerProvider>());
            using var author = await node.NewUserAsync();
            using var reader = (await node.NewFollowersAsync(author, 1))[0];
            await PostsTests.CreatePost(author, "traced");
            (await reader.Client.GetAsync("/v1/feed")).EnsureSuccessStatusCode();
            var id = (await ApiAssert.Json(await author.Client.PostAsync("/v1/exports", null), HttpStatusCode.Accepted)).GetProperty("id").GetInt64();
            await ExportsTests.WaitForStatus(author.Client, $"/v1/exports/{id}", "completed");

            await receiver.WaitForAsync(TimeSpan.FromSeconds(20),
                "service.name", "stadium", "service.instance.id", "node-under-test", "stadium.role", "api",
                "GET /v1/feed", "store read", "store write", "sqlite", "get or set from cache", "job export.pdf");
            Assert.DoesNotContain("POST /v1/traces", receiver.Received, StringComparison.Ordinal);
        }
        finally
        {
            await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task Without_an_endpoint_no_tracer_is_built()
    {
        var node = new StadiumNode();
        await node.InitializeAsync();
        try
        {
            Assert.Null(node.App.Services.GetService<TracerProvider>());
        }
        finally
        {
            await node.DisposeAsync();
        }
    }
}
