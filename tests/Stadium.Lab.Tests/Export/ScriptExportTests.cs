using System.Text.Json;
using Stadium.Lab.Export;
using Stadium.Lab.Scenarios;
using Stadium.Protection.Slo;
using Stadium.Testing;

namespace Stadium.Lab.Tests.Export;

/// <summary>
/// Every committed scenario exports in both formats, byte for byte the same each time, and the results parse: the
/// locustfile with Python's compiler, the k6 script with node (k6 runs ES modules; `node --check` parses one without
/// loading its imports). A parse check that cannot fail is worthless, so a broken script is shown refused by each.
/// </summary>
public sealed class ScriptExportTests : TempFolderTest
{
    public static TheoryData<string, string> CommittedScenarios()
    {
        var data = new TheoryData<string, string>();
        foreach (var scenario in Directory.GetFiles(Repository.Combine("scenarios"), "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal))
        {
            foreach (var format in ScenarioExport.Formats)
            {
                data.Add(scenario!, format);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CommittedScenarios))]
    public async Task A_committed_scenario_exports_the_same_bytes_twice_and_parses(string scenario, string format)
    {
        var first = Export(scenario, format);
        var second = Export(scenario, format);

        Assert.Equal(first, second);
        Assert.Contains("Does not carry over from the lab:", first, StringComparison.Ordinal);
        var (exitCode, errors) = await ParseAsync(format, first);
        Assert.True(exitCode == 0, $"{scenario} as {format} does not parse: {errors}");
    }

    [Theory]
    [InlineData("k6")]
    [InlineData("locust")]
    public async Task A_broken_script_is_refused_by_the_parse_check(string format)
    {
        var script = Export("stadium-mix.yaml", format);
        var broken = format == "k6"
            ? script.Replace("export default function () {", "export default function () {{", StringComparison.Ordinal)
            : script.Replace("    def where(self):", "    def where(self)", StringComparison.Ordinal);
        Assert.NotEqual(script, broken);

        var (exitCode, _) = await ParseAsync(format, broken);

        Assert.NotEqual(0, exitCode);
    }

    [Fact]
    public void The_plan_in_a_script_is_the_labs_plan_of_the_scenario()
    {
        var script = Export("stadium-mix.yaml", "locust");
        var start = script.IndexOf("PLAN = json.loads(r\"\"\"", StringComparison.Ordinal) + "PLAN = json.loads(r\"\"\"".Length;
        using var plan = JsonDocument.Parse(script[start..script.IndexOf("\"\"\")", start, StringComparison.Ordinal)]);
        var root = plan.RootElement;
        var phases = root.GetProperty("phases").EnumerateArray().ToArray();

        Assert.Equal(200, root.GetProperty("population").GetInt32());
        Assert.Equal(["login-burst", "ramp", "users"], phases.Select(p => p.GetProperty("name").GetString()));
        Assert.Equal([0.0, 3.0, 10.0], phases.Select(p => p.GetProperty("startSeconds").GetDouble()));
        Assert.Equal("{\"openApp\":1}", JsonSerializer.Serialize(phases[0].GetProperty("mix")));
        Assert.Equal(45, phases[1].GetProperty("mix").GetProperty("readFeed").GetDouble());
        Assert.Equal(20, phases[2].GetProperty("accounts").GetArrayLength());
        Assert.Equal(20, phases[2].GetProperty("accounts").EnumerateArray().Select(a => a.GetInt32()).Distinct().Count());
        Assert.Contains(root.GetProperty("thresholds").EnumerateArray(), t =>
            t.GetProperty("endpoint").GetString() == "feed" && t.GetProperty("metric").GetString() == "percentile" && t.GetProperty("limit").GetDouble() == 250);
    }

    [Fact]
    public void The_slo_file_adds_its_objectives_for_the_endpoints_the_scenario_calls_only()
    {
        var slo = SloFileParser.Load(Repository.Combine("slo.yaml"));
        var withSlo = ScenarioExport.Write(Scenario("chaos-login-storm.yaml"), "chaos-login-storm.yaml", "k6", slo);
        var without = ScenarioExport.Write(Scenario("chaos-login-storm.yaml"), "chaos-login-storm.yaml", "k6", null);

        Assert.Contains("(slo: ", withSlo, StringComparison.Ordinal);
        Assert.DoesNotContain("(slo: ", without, StringComparison.Ordinal);
        Assert.Contains("\"http_req_duration{endpoint:feed}\"", withSlo, StringComparison.Ordinal);

        // chaos-login-storm never exports: no threshold may stand on an endpoint the script cannot reach.
        Assert.DoesNotContain("endpoint:export}", withSlo, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_format_names_the_known_ones()
    {
        var error = Assert.Throws<FormatException>(() => ScenarioExport.Write(Scenario("stadium-mix.yaml"), "stadium-mix.yaml", "k7", null));

        Assert.Contains("'k6'", error.Message, StringComparison.Ordinal);
        Assert.Contains("locust", error.Message, StringComparison.Ordinal);
    }

    private static ScenarioFile Scenario(string name) =>
        ScenarioLoader.Parse(File.ReadAllText(Repository.Combine("scenarios", name)), name);

    private static string Export(string scenario, string format) =>
        ScenarioExport.Write(Scenario(scenario), scenario, format, SloFileParser.Load(Repository.Combine("slo.yaml")));

    private async Task<(int ExitCode, string Errors)> ParseAsync(string format, string script)
    {
        var path = Path.Combine(Folder, format == "k6" ? $"script-{Guid.NewGuid():n}.mjs" : $"script_{Guid.NewGuid():n}.py");
        await File.WriteAllTextAsync(path, script);
        var (exitCode, _, errors) = format == "k6"
            ? await ExternalTool.RunAsync("node", ["--check", path], Folder)
            : await ExternalTool.RunAsync(ExternalTool.Python, ["-m", "py_compile", path], Folder);
        return (exitCode, errors);
    }
}
