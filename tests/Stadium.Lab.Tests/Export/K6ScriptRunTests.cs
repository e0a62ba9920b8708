using System.Text.Json;
using Stadium.Lab.Export;
using Stadium.Lab.Scenarios;
using Stadium.Testing;

namespace Stadium.Lab.Tests.Export;

/// <summary>
/// An exported k6 script's options and journeys, checked without k6 (it is not packaged for Debian or npm): node
/// loads the script with k6's modules replaced by the stand-ins in k6-stand-ins/ (k6/http sends each request for real,
/// synchronously as k6 does, through curl) and runs iterations of every phase against a real node.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class K6ScriptRunTests(SeededStadiumNode node) : TempFolderTest, IClassFixture<SeededStadiumNode>
{
    [Fact]
    public async Task The_stadium_mix_script_has_k6_scenarios_for_its_phases_and_thresholds_for_its_gates()
    {
        using var run = await DriveAsync("stadium-mix.yaml", iterations: 0);
        var options = run.RootElement.GetProperty("options");
        var scenarios = options.GetProperty("scenarios");

        Assert.Equal(["login-burst", "ramp", "users"], scenarios.EnumerateObject().Select(s => s.Name));
        Assert.Equal("constant-arrival-rate", scenarios.GetProperty("login-burst").GetProperty("executor").GetString());
        Assert.Equal(20, scenarios.GetProperty("login-burst").GetProperty("rate").GetInt32());
        Assert.Equal("3s", scenarios.GetProperty("login-burst").GetProperty("duration").GetString());
        var ramp = scenarios.GetProperty("ramp");
        Assert.Equal("ramping-arrival-rate", ramp.GetProperty("executor").GetString());
        Assert.Equal(50, ramp.GetProperty("startRate").GetInt32());
        Assert.Equal("3s", ramp.GetProperty("startTime").GetString());
        Assert.Equal("[{\"duration\":\"3s\",\"target\":300},{\"duration\":\"4s\",\"target\":300}]", JsonSerializer.Serialize(ramp.GetProperty("stages")));
        Assert.Equal("constant-vus", scenarios.GetProperty("users").GetProperty("executor").GetString());
        Assert.Equal(20, scenarios.GetProperty("users").GetProperty("vus").GetInt32());
        Assert.Equal("10s", scenarios.GetProperty("users").GetProperty("startTime").GetString());
        var thresholds = options.GetProperty("thresholds");
        Assert.Equal(["p(99)<250"], Conditions(thresholds, "http_req_duration{endpoint:feed}"));
        Assert.Equal(["rate<0.001"], Conditions(thresholds, "http_req_failed{endpoint:createPost}"));
        Assert.Equal(["p(99)<3000"], Conditions(thresholds, "http_req_duration{endpoint:login}"));
    }

    [Fact]
    public async Task Its_journeys_run_against_a_real_node_signed_in_once_per_account_with_no_errors()
    {
        using var run = await DriveAsync("stadium-mix.yaml", iterations: 12);
        var root = run.RootElement;
        var log = root.GetProperty("log").EnumerateArray().ToArray();

        Assert.Empty(root.GetProperty("failedChecks").EnumerateArray());
        Assert.All(log, request => Assert.InRange(request.GetProperty("status").GetInt32(), 200, 399));
        var logins = log.Where(r => r.GetProperty("endpoint").GetString() == "login").ToArray();
        var calls = log.Where(r => r.GetProperty("endpoint").GetString() is not ("login" or "refresh")).ToArray();
        Assert.NotEmpty(logins);
        Assert.True(calls.Length >= 36, $"{calls.Length} API calls for 36 iterations");
        Assert.All(calls, call => Assert.StartsWith("Bearer ey", call.GetProperty("authorization").GetString(), StringComparison.Ordinal));

        // The login burst's 12 app openings are 12 different accounts; later iterations reuse sessions (one VU here).
        Assert.True(logins.Length >= 12 && logins.Length <= 12 + 12 + 1, $"{logins.Length} logins");
        Assert.Contains(log, r => r.GetProperty("endpoint").GetString() == "feed");
    }

    private static IEnumerable<string> Conditions(JsonElement thresholds, string metric) =>
        thresholds.GetProperty(metric).EnumerateArray().Select(c => c.GetString()!);

    private async Task<JsonDocument> DriveAsync(string scenario, int iterations)
    {
        var standIns = Directory.CreateDirectory(Path.Combine(Folder, "k6"));
        foreach (var file in Directory.GetFiles(Repository.Combine("tests", "Stadium.Lab.Tests", "Export", "k6-stand-ins")))
        {
            File.Copy(file, Path.Combine(standIns.FullName, Path.GetFileName(file)));
        }

        var path = Repository.Combine("scenarios", scenario);
        var script = ScenarioExport.Write(ScenarioLoader.Parse(await File.ReadAllTextAsync(path), scenario), scenario, "k6", null)
            .Replace("from 'k6/http'", "from './k6/http.mjs'", StringComparison.Ordinal)
            .Replace("from 'k6/execution'", "from './k6/execution.mjs'", StringComparison.Ordinal)
            .Replace("from 'k6/metrics'", "from './k6/metrics.mjs'", StringComparison.Ordinal)
            .Replace("from 'k6'", "from './k6/k6.mjs'", StringComparison.Ordinal);
        var scriptPath = Path.Combine(Folder, "script.mjs");
        await File.WriteAllTextAsync(scriptPath, script);

        var (exitCode, output, errors) = await ExternalTool.RunAsync(
            "node", [Path.Combine(standIns.FullName, "drive.mjs"), scriptPath, node.Address.ToString().TrimEnd('/'), iterations.ToString(System.Globalization.CultureInfo.InvariantCulture)], Folder);
        Assert.True(exitCode == 0, $"node exited {exitCode}: {errors}");
        return JsonDocument.Parse(output);
    }
}
