using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Stadium.Scaling.Config;
using Stadium.Scaling.Loop;
using Stadium.Scaling.Tests.Signals;
using Stadium.Testing;

namespace Stadium.Scaling.Tests.Drivers;

/// <summary>
/// The local driver and a whole round against real servers on 127.0.0.1: the supervisor's control API (POST /scale)
/// is a Kestrel stand-in of the one `up --cluster` serves, built in parallel; the gateway and two API nodes are
/// stand-ins serving /metrics (the nodes the captured text of a real node, see <see cref="Expositions"/>). cluster.json
/// is written as the supervisor writes it. The last two run `stadium autoscale` itself, as a process (BuiltCli).
/// </summary>
public sealed class LocalClusterTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("stadium-scaling-").FullName;
    private readonly List<string> _scaleRequests = [];
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-12-03T07:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private static readonly string QuietGateway = Expositions.Gateway(0, 0, (0, 0, 0, 0));
    private string _gatewayText = QuietGateway;
    private int _gatewayScrapes;
    private string _nodeText = Expositions.Node;
    private bool _refuse;
    private StandInServer _control = null!;
    private StandInServer _gateway = null!;
    private StandInServer _node1 = null!;
    private StandInServer _node2 = null!;

    public async Task InitializeAsync()
    {
        _control = await StandInServer.StartAsync(app => app.MapPost("/scale", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            _scaleRequests.Add(await reader.ReadToEndAsync());
            return _refuse
                ? Results.Problem(statusCode: 400, title: "Bad scale", detail: "api must be between 1 and 8")
                : Results.Json(new { api = 4 }, statusCode: 202);
        }));
        // The first scrape sees a quiet gateway, later ones what the test set: a window for the rates and quantiles.
        _gateway = await StandInServer.StartAsync(app => app.MapGet("/metrics", () => Results.Text(Interlocked.Increment(ref _gatewayScrapes) == 1 ? QuietGateway : _gatewayText)));
        _node1 = await StandInServer.StartAsync(app => app.MapGet("/metrics", () => Results.Text(_nodeText)));
        _node2 = await StandInServer.StartAsync(app => app.MapGet("/metrics", () => Results.Text(_nodeText)));
        await File.WriteAllTextAsync(Path.Combine(_data, "cluster.json"), JsonSerializer.Serialize(new
        {
            supervisorPid = 1,
            startedAt = "2026-12-03T07:00:00Z",
            controlUrl = _control.Url,
            gatewayUrl = _gateway.Url,
            limits = new { cpu = 0.5, memoryBytes = 536870912, capped = true },
            nodes = new object[]
            {
                new { role = "gateway", name = "gateway", url = _gateway.Url, pid = 2, state = "active", startedAt = "2026-12-03T07:00:00Z" },
                new { role = "api", name = "api-1", url = _node1.Url, pid = 3, state = "active", startedAt = "2026-12-03T07:00:00Z" },
                new { role = "api", name = "api-2", url = _node2.Url, pid = 4, state = "active", startedAt = "2026-12-03T07:00:00Z" },
                new { role = "api", name = "api-3", url = "http://127.0.0.1:1", pid = 5, state = "draining", startedAt = "2026-12-03T07:00:00Z" },
                new { role = "worker", name = "worker-1", url = _node1.Url, pid = 6, state = "starting", startedAt = "2026-12-03T07:00:00Z" },
            },
        }));
    }

    public async Task DisposeAsync()
    {
        await _control.DisposeAsync();
        await _gateway.DisposeAsync();
        await _node1.DisposeAsync();
        await _node2.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task Members_come_from_cluster_json_and_draining_nodes_do_not_count()
    {
        await using var services = Services();
        var config = services.GetRequiredService<AutoscaleConfig>();
        var api = new Scaling.Drivers.LocalClusterDriver().Create(config.Targets[0], config, new HttpClient());
        var workers = new Scaling.Drivers.LocalClusterDriver().Create(config.Targets[0] with { Name = "workers" }, config, new HttpClient());

        var state = await api.Target.ReadAsync(CancellationToken.None);
        Assert.Equal(2, state.Replicas);
        Assert.Equal([("api-1", true), ("api-2", true)], state.Members.Select(m => (m.Name, m.Ready)));
        Assert.Equal([("worker-1", false)], (await workers.Target.ReadAsync(CancellationToken.None)).Members.Select(m => (m.Name, m.Ready)));
    }

    [Fact]
    public async Task A_slo_breach_scales_up_through_the_supervisor_and_the_decision_keeps_its_inputs()
    {
        await using var services = Services();
        var autoscaler = services.GetRequiredService<Autoscaler>();

        await autoscaler.PrimeAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(30));
        // In 30 s: GET /v1/feed at p99 90 ms against its 50 ms objective (180 %), and 9 CPU-seconds a node (60 % of 0.5 cores).
        _gatewayText = Expositions.Gateway(100, 0, (90, 95, 100, 100), inFlight1: 3, inFlight2: 5);
        _nodeText = Expositions.NodeWith(2.483024 + 9);
        var decision = Assert.Single(await autoscaler.RoundAsync(CancellationToken.None));

        Assert.Equal(("api", 2, 4, true, "latency"), (decision.Target, decision.Current, decision.Desired, decision.Applied, decision.Signal));
        Assert.Equal("{\"api\":4}", Assert.Single(_scaleRequests));
        var line = Assert.Single(await File.ReadAllLinesAsync(Path.Combine(_data, "decisions.jsonl")));
        var json = JsonDocument.Parse(line).RootElement;
        Assert.Equal(["at", "target", "current", "desired", "applied", "signal", "reason", "inputs", "recommended"], json.EnumerateObject().Select(p => p.Name));
        var latency = json.GetProperty("inputs").GetProperty("latency");
        Assert.Equal((180.0, 100.0, 4), (Math.Round(latency.GetProperty("value").GetDouble(), 6), latency.GetProperty("target").GetDouble(), latency.GetProperty("proposal").GetInt32()));
        Assert.Contains("GET /v1/feed p99 90 ms against 50 ms", latency.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var cpu = json.GetProperty("inputs").GetProperty("cpu");
        Assert.Equal((60.0, 2), (Math.Round(cpu.GetProperty("value").GetDouble(), 6), cpu.GetProperty("proposal").GetInt32()));
        Assert.Contains("latency 180 against target 100 proposes 4 (largest proposal)", json.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_flight_per_core_takes_the_nodes_cpu_limit_from_cluster_json_and_the_decision_shows_the_per_core_figure()
    {
        await using var services = Services("  - { name: inFlight, perCore: true, target: { type: AverageValue, averageValue: 40 } }");
        var autoscaler = services.GetRequiredService<Autoscaler>();

        await autoscaler.PrimeAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(30));
        // 100 in flight on nodes of 0.5 cores (cluster.json's limits.cpu): 200 core-units, 100 per core on each of the
        // two ready nodes against 40: ceil(100 / (40 x 0.5)) = 5 nodes.
        _gatewayText = Expositions.Gateway(100, 0, (90, 95, 100, 100), inFlight1: 60, inFlight2: 40);
        var decision = Assert.Single(await autoscaler.RoundAsync(CancellationToken.None));

        Assert.Equal((2, 5, "inFlight-perCore"), (decision.Current, decision.Desired, decision.Signal));
        var input = decision.Inputs["inFlight-perCore"];
        Assert.Equal((100.0, 40.0, 5), (Math.Round(input.Value!.Value, 6), input.Target, input.Proposal));
        Assert.Equal("100 in flight / 0.5 cores per node (CPU limit) = 200 core-units", input.Detail);
    }

    [Theory]
    [InlineData(false, 83, 2)] // plain HPA: within 10 % of 85 %, memory proposes the current count, which blocks any scale-in
    [InlineData(true, 83, 0)] // a guard: at or under the current count it has no say
    [InlineData(true, 99, 3)] // ...and still adds nodes when memory is past its target: ceil(2 x 99 / 85)
    public async Task A_scale_out_only_memory_metric_never_holds_the_fleet_but_still_adds_nodes(bool scaleOutOnly, int percent, int proposal)
    {
        var option = scaleOutOnly ? "scaleOutOnly: true, " : "";
        await using var services = Services($"  - {{ name: memory, {option}target: {{ type: Utilization, averageUtilization: 85 }} }}\n      - {{ name: cpu, target: {{ type: Utilization, averageUtilization: 70 }} }}");
        var autoscaler = services.GetRequiredService<Autoscaler>();

        await autoscaler.PrimeAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(30));
        _nodeText = Expositions.NodeWith(2.483024 + 1, workingSet: 536870912L * percent / 100); // of cluster.json's 512 MiB limit
        var decision = Assert.Single(await autoscaler.RoundAsync(CancellationToken.None));

        Assert.Equal(proposal, decision.Inputs["memory"].Proposal);
        Assert.Equal(Math.Max(2, proposal), decision.Desired);
    }

    [Fact]
    public async Task An_uncapped_cluster_has_no_known_cpu_limit_and_the_driver_falls_back_to_the_processor_count()
    {
        var file = Path.Combine(_data, "cluster.json");
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file)).Replace("\"capped\":true", "\"capped\":false", StringComparison.Ordinal));
        await using var services = Services();
        var config = services.GetRequiredService<AutoscaleConfig>();
        var api = new Scaling.Drivers.LocalClusterDriver().Create(config.Targets[0], config, new HttpClient());

        var limits = (await api.Sources.ReadAsync(CancellationToken.None)).Limits;

        Assert.Equal((Environment.ProcessorCount, false), (limits.CpuCores, limits.CpuKnown));
    }

    [Fact]
    public async Task A_scale_the_supervisor_refuses_is_kept_as_not_applied_with_its_answer()
    {
        _refuse = true;
        await using var services = Services();
        var autoscaler = services.GetRequiredService<Autoscaler>();

        await autoscaler.PrimeAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(30));
        _gatewayText = Expositions.Gateway(100, 0, (90, 95, 100, 100));
        var decision = Assert.Single(await autoscaler.RoundAsync(CancellationToken.None));

        Assert.False(decision.Applied);
        Assert.Contains("not applied: the supervisor refused api=4: 400", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stadium_autoscale_once_decides_applies_and_prints_the_decision()
    {
        _gatewayText = Expositions.Gateway(100, 0, (90, 95, 100, 100));
        var file = Path.Combine(_data, "autoscale.yaml");
        await File.WriteAllTextAsync(file, Config("window: 1s"));

        var (exitCode, output, errors) = await BuiltCli.RunAsync(["autoscale", "--config", file, "--once"]);

        Assert.True(exitCode == 0, errors);
        var decision = JsonDocument.Parse(Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries))).RootElement;
        Assert.Equal(("api", 2, 4, true), (decision.GetProperty("target").GetString(), decision.GetProperty("current").GetInt32(),
            decision.GetProperty("desired").GetInt32(), decision.GetProperty("applied").GetBoolean()));
        Assert.Equal("{\"api\":4}", Assert.Single(_scaleRequests));
        Assert.Single(await File.ReadAllLinesAsync(Path.Combine(_data, "decisions.jsonl")));
    }

    [Fact]
    public async Task Stadium_autoscale_serves_decisions_and_answers_every_error_with_a_problem()
    {
        var file = Path.Combine(_data, "autoscale.yaml");
        await File.WriteAllTextAsync(file, Config("window: 1s"));
        var port = TestPorts.Pick();

        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])[BuiltCli.Path, "autoscale", "--config", file, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var clock = System.Diagnostics.Stopwatch.StartNew();
            HttpResponseMessage? decisions = null;
            while (decisions is null)
            {
                if (process.HasExited)
                {
                    Assert.Fail($"stadium autoscale exited {process.ExitCode}: {await errors}");
                }

                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "stadium autoscale did not answer within 30 s");
                try
                {
                    decisions = await http.GetAsync("/decisions");
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(100);
                }
            }

            using (decisions)
            {
                Assert.Equal(System.Net.HttpStatusCode.OK, decisions.StatusCode);
            }

            // A route it does not have, a method a route does not take and a bad parameter: each a problem, none empty.
            using var missing = await http.GetAsync("/decision");
            using var wrongMethod = await http.PostAsync("/decisions", new StringContent("{}"));
            using var badLimit = await http.GetAsync("/decisions?limit=none");
            foreach (var (answer, status) in new[] { (missing, 404), (wrongMethod, 405), (badLimit, 400) })
            {
                Assert.Equal((status, "application/problem+json"), ((int)answer.StatusCode, answer.Content.Headers.ContentType?.MediaType));
                Assert.Equal(status, JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetInt32());
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
            _ = await output;
        }
    }

    [Fact]
    public async Task Stadium_autoscale_with_a_bad_file_is_one_line_naming_the_key_and_exit_2()
    {
        var file = Path.Combine(_data, "autoscale.yaml");
        await File.WriteAllTextAsync(file, Config("").Replace("averageUtilization: 70", "averageUtilization: lots", StringComparison.Ordinal));

        var (exitCode, output, errors) = await BuiltCli.RunAsync(["autoscale", "--config", file]);

        Assert.Equal(2, exitCode);
        Assert.Equal($"stadium autoscale: {file}:10: targets[0].metrics[1].target.averageUtilization must be a number above 0 (got 'lots') (see --help)", errors.TrimEnd('\n'));
        Assert.Equal("", output);
    }

    private ServiceProvider Services(string? metrics = null)
    {
        var config = AutoscaleFileParser.Parse(Config("", metrics), "test.yaml");
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(_clock);
        return services.AddAutoscaler(config, rounds: false).BuildServiceProvider();
    }

    private string Config(string extra, string? metrics = null) => $$"""
            {{extra}}
            data: {{_data}}
            targets:
              - name: api
                driver: local
                minReplicas: 2
                maxReplicas: 6
                metrics:
                {{metrics ?? "  - { name: latency, target: { type: Value, value: 100 } }\n      - { name: cpu, target: { type: Utilization, averageUtilization: 70 } }"}}
            """;
}
