using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Stadium.Protection.Shedding;

namespace Stadium.Service.Tests;

/// <summary>
/// A node whose adaptive limits are pinned at one request with no queue: one login left waiting for its body holds the
/// only slot of its bulkhead (account calls and bulk work), so every other request there is shed, deterministically,
/// whatever the machine's speed, while reads, in their own bulkhead, are served.
/// </summary>
[Collection(ExactMetricsCollection.Name)] // Reads /metrics, whose streams a parallel class's stopping node can take away (see PlatformTests).
public sealed class SheddingTests : IAsyncLifetime
{
    private readonly StadiumNode _node = new()
    {
        ExtraSettings = new Dictionary<string, string?>
        {
            ["Stadium:Protection:Shedding:InitialLimit"] = "1",
            ["Stadium:Protection:Shedding:MinLimit"] = "1",
            ["Stadium:Protection:Shedding:MaxLimit"] = "1",
            ["Stadium:Protection:Shedding:QueueSize"] = "0",
            ["Stadium:Protection:Shedding:RetryAfterMin"] = "00:00:02",
            ["Stadium:Protection:Shedding:RetryAfterMax"] = "00:00:06",
        },
    };

    private TcpClient? _holder;

    public Task InitializeAsync() => _node.InitializeAsync();

    public async Task DisposeAsync()
    {
        _holder?.Dispose();
        await _node.DisposeAsync();
    }

    [Fact]
    public async Task At_the_limit_requests_get_503_problem_json_with_a_jittered_retry_after()
    {
        await HoldTheOnlySlotAsync();
        using var client = _node.CreateClient();
        var advised = new List<int>();
        for (var i = 0; i < 40; i++)
        {
            using var response = await RegisterAsync(client);
            var problem = await ApiAssert.Problem(response, HttpStatusCode.ServiceUnavailable);
            Assert.Contains("Retry-After", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            advised.Add(int.Parse(Assert.Single(response.Headers.GetValues("Retry-After")), CultureInfo.InvariantCulture));
        }

        Assert.All(advised, seconds => Assert.InRange(seconds, 2, 6));
        Assert.True(advised.Distinct().Count() >= 3, $"Retry-After should be spread, got {string.Join(',', advised)}");
    }

    [Fact]
    public async Task Health_and_metrics_are_never_shed_and_sheds_are_counted_by_tier()
    {
        await HoldTheOnlySlotAsync();
        using var client = _node.CreateClient();
        using var shed = await RegisterAsync(client);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, shed.StatusCode);

        (await client.GetAsync("/health/live")).EnsureSuccessStatusCode();
        (await client.GetAsync("/health/ready")).EnsureSuccessStatusCode();
        using var metrics = await client.GetAsync("/metrics");
        metrics.EnsureSuccessStatusCode();
        var text = await metrics.Content.ReadAsStringAsync();
        Assert.Contains("stadium_protection_shedding_sheds", text, StringComparison.Ordinal);
        Assert.Contains("tier=\"anonymous\"", text, StringComparison.Ordinal);
        // Refused by the concurrency limit (its one slot held): the reason says which part of the shedder refused.
        Assert.Matches("stadium_protection_shedding_sheds_total\\{(?=[^}]*reason=\"limit\")(?=[^}]*tier=\"anonymous\")[^}]*\\} [1-9]", text);
        Assert.Contains("stadium_protection_shedding_limit", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_slot_frees_requests_are_served_again()
    {
        await HoldTheOnlySlotAsync();
        using var client = _node.CreateClient();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await RegisterAsync(client)).StatusCode);

        _holder!.Dispose();
        var gate = _node.App.Services.GetRequiredService<AdmissionGates>().Other;
        Assert.True(SpinWait.SpinUntil(() => gate.InFlight == 0, TimeSpan.FromSeconds(30)), "the abandoned login gave its slot back");
        Assert.Equal(HttpStatusCode.BadRequest, (await RegisterAsync(client)).StatusCode);
    }

    [Fact]
    public async Task A_full_bulkhead_does_not_take_the_others_concurrency()
    {
        await HoldTheOnlySlotAsync();
        using var client = _node.CreateClient();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await RegisterAsync(client)).StatusCode);

        // Reads have a gate of their own: the held login does not touch it.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/v1/users/nobody_here")).StatusCode);
        var gates = _node.App.Services.GetRequiredService<AdmissionGates>();
        Assert.Equal((0, 1), (gates.Reads.InFlight, gates.Other.InFlight));
    }

    /// <summary>An account call (the held login's bulkhead) that the node would reject as invalid if it got that far.</summary>
    private static Task<HttpResponseMessage> RegisterAsync(HttpClient client) =>
        client.PostAsync("/v1/auth/register", new StringContent("{}", Encoding.UTF8, "application/json"));

    /// <summary>A login whose body never finishes arriving: admitted, it waits in model binding, holding the slot.</summary>
    private async Task HoldTheOnlySlotAsync()
    {
        _holder = new TcpClient();
        await _holder.ConnectAsync(_node.Address.Host, _node.Address.Port);
        var head = $"POST /v1/auth/login HTTP/1.1\r\nHost: {_node.Address.Authority}\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{{\"username\":";
        await _holder.GetStream().WriteAsync(Encoding.ASCII.GetBytes(head));
        var gate = _node.App.Services.GetRequiredService<AdmissionGates>().Other;
        Assert.True(SpinWait.SpinUntil(() => gate.InFlight == 1, TimeSpan.FromSeconds(30)), "the held login was admitted");
    }
}
