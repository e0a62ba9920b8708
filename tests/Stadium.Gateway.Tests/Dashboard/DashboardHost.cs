using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Stadium.Gateway.Dashboard;

namespace Stadium.Gateway.Tests.Dashboard;

/// <summary>
/// A small Kestrel on a free loopback port that serves only the dashboard, following a cluster.json (written here) that
/// lists one real node as api-1, with the autoscaler's decisions.jsonl beside it: the two files the cluster and the
/// autoscaler write. Sends traffic to the node on demand, as a client of the fleet would.
/// </summary>
internal sealed class DashboardHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _traffic = new();
    private Task _load = Task.CompletedTask;
    private int _answered;

    private DashboardHost(WebApplication app, string folder)
    {
        _app = app;
        Folder = folder;
    }

    public string Folder { get; }

    /// <summary>Rounds of traffic the node answered, and the last request that failed, for a failing test's message.</summary>
    public string Traffic => $"{Volatile.Read(ref _answered)} rounds answered; last failure: {LastFailure?.Message ?? "none"}";

    private Exception? LastFailure { get; set; }

    public Uri Url { get; private set; } = null!;

    public static async Task<DashboardHost> StartAsync(Uri node, string folder)
    {
        var cluster = Path.Combine(folder, "cluster.json");
        await File.WriteAllTextAsync(cluster, JsonSerializer.Serialize(new
        {
            supervisorPid = Environment.ProcessId,
            startedAt = DateTimeOffset.UtcNow,
            limits = new { cpu = 0.5, memoryBytes = 536870912L, capped = true },
            nodes = new object[]
            {
                new { role = "api", name = "api-1", url = node.ToString().TrimEnd('/'), pid = Environment.ProcessId, state = "active", startedAt = DateTimeOffset.UtcNow },
            },
        }));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration["Stadium:Gateway:ClusterFile"] = cluster;
        builder.Services.AddFleetDashboard(builder.Configuration);
        var app = builder.Build();
        app.MapFleetDashboard();
        await app.StartAsync();
        return new DashboardHost(app, folder) { Url = new Uri(app.Urls.Single()) };
    }

    /// <summary>Appends one decision line as the autoscaler does.</summary>
    public Task DecideAsync(int current, int desired, string signal) =>
        File.AppendAllTextAsync(Path.Combine(Folder, FleetLayoutReader.DecisionsFileName), JsonSerializer.Serialize(new
        {
            at = DateTimeOffset.UtcNow,
            target = "api",
            current,
            desired,
            applied = desired,
            signal,
            reason = string.Create(CultureInfo.InvariantCulture, $"{signal} above target"),
            inputs = new Dictionary<string, object> { [signal] = new { value = 0.9, target = 0.5, proposal = desired } },
        }) + "\n");

    /// <summary>Profile reads (cache misses then hits) and a missing user (404) until disposed, a few every 50 ms.</summary>
    public void SendTraffic(Uri node)
    {
        _load = Task.Run(async () =>
        {
            using var client = new HttpClient { BaseAddress = node, Timeout = TimeSpan.FromSeconds(10) };
            for (var i = 0; !_traffic.IsCancellationRequested; i++)
            {
                try
                {
                    using var profile = await client.GetAsync($"/v1/users/user{(i % DashboardNode.Users) + 1}", CancellationToken.None);
                    using var missing = await client.GetAsync("/v1/users/nobody-here", CancellationToken.None);
                    Interlocked.Increment(ref _answered);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    LastFailure = e;
                }

                await Task.Delay(50, CancellationToken.None);
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _traffic.CancelAsync();
        await _load;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _traffic.Dispose();
    }
}
