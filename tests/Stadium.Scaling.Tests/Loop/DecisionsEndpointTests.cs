using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Stadium.Scaling.Config;
using Stadium.Scaling.Hpa;
using Stadium.Scaling.Loop;

namespace Stadium.Scaling.Tests.Loop;

/// <summary>GET /decisions on a real Kestrel host with the autoscaler registered, and the decision counter's tags.</summary>
public sealed class DecisionsEndpointTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("stadium-decisions-").FullName;
    private WebApplication _app = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var target = new TargetSpec("api", "local", new Dictionary<string, string>(), 1, 4,
            [new MetricSpec("cpu", new MetricTarget(MetricTargetType.Utilization, 70))], ScalingBehavior.Default, TimeSpan.FromSeconds(300));
        builder.Services.AddAutoscaler(new AutoscaleConfig("a.yaml", TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30), 0.1, _data, null, [target]), rounds: false);
        _app = builder.Build();
        _app.MapAutoscaler();
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task Lists_the_latest_decisions_of_a_target_and_refuses_a_bad_limit_with_a_problem()
    {
        var log = _app.Services.GetRequiredService<DecisionLog>();
        foreach (var (name, desired) in new[] { ("api", 3), ("workers", 2), ("api", 4) })
        {
            await log.AppendAsync(Decision(name, desired), CancellationToken.None);
        }

        using var http = new HttpClient { BaseAddress = new Uri(_app.Urls.Single()) };
        var latest = await http.GetFromJsonAsync<List<Decision>>("/decisions?target=api&limit=1");
        Assert.Equal(4, Assert.Single(latest!).Desired);
        Assert.Equal(3, (await http.GetFromJsonAsync<List<Decision>>("/decisions"))!.Count);

        using var bad = await http.GetAsync("/decisions?limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        Assert.Equal(3, (await File.ReadAllLinesAsync(Path.Combine(_data, "decisions.jsonl"))).Length);
    }

    [Fact]
    public void Each_decision_counts_with_its_target_direction_and_signal()
    {
        var seen = new List<(long Value, string Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ScalingMetrics.MeterName && instrument.Name == "stadium.scaling.decisions")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            seen.Add((value, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}")))));
        listener.Start();

        _app.Services.GetRequiredService<ScalingMetrics>().Record(Decision("api", 4));

        Assert.Equal((1, "target=api,direction=up,signal=cpu"), Assert.Single(seen));
    }

    private static Decision Decision(string target, int desired) =>
        new(DateTimeOffset.UnixEpoch, target, 2, desired, true, "cpu", "cpu 90 against target 70 proposes 3",
            new Dictionary<string, SignalInput> { ["cpu"] = new(90, 70, desired, null) }, desired);
}
