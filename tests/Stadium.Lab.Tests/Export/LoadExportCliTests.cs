using Stadium.Lab.Export;
using Stadium.Lab.Scenarios;
using Stadium.Testing;

namespace Stadium.Lab.Tests.Export;

/// <summary>
/// `stadium load export` through the real command line: it writes what <see cref="ScenarioExport"/> writes, and every
/// misuse is one line `stadium load export: ... (see --help)` with exit code 2, never a stack trace.
/// </summary>
public sealed class LoadExportCliTests : TempFolderTest
{
    [Fact]
    public async Task It_writes_the_script_the_exporter_writes()
    {
        var scenario = Repository.Combine("scenarios", "chaos-mix.yaml");
        var output = Path.Combine(Folder, "scripts", "chaos-mix.js");

        var (exitCode, text) = await StadiumCli.RunAsync("load", "export", scenario, "--format", "k6", "--out", output);

        Assert.True(exitCode == 0, text);
        var expected = ScenarioExport.Write(ScenarioLoader.Parse(await File.ReadAllTextAsync(scenario), scenario), "chaos-mix.yaml", "k6", null, "chaos-mix.js");
        Assert.Equal(expected, await File.ReadAllTextAsync(output));
        Assert.Contains("k6 run -e BASE_URL=http://127.0.0.1:8080 chaos-mix.js", expected, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unknown-format", "Unknown export format 'k7': did you mean 'k6'?")]
    [InlineData("no-format", "--format")]
    [InlineData("no-out", "--out")]
    [InlineData("missing-scenario", "missing.yaml")]
    [InlineData("refused-scenario", "Unknown journey action 'readFed': did you mean 'readFeed'?")]
    [InlineData("out-is-a-folder", "--out {folder}/scripts is a folder, not a file")]
    [InlineData("scenario-is-a-folder", "{folder}/scripts: cannot read the scenario (it is a folder, not a file)")]
    [InlineData("bad-slo", "refused.yaml")]
    public async Task Misuse_is_one_line_and_exit_2(string misuse, string mentioned)
    {
        var scenario = Repository.Combine("scenarios", "stadium-mix.yaml");
        var refused = Path.Combine(Folder, "refused.yaml");
        await File.WriteAllTextAsync(refused, "journey: { readFed: 1 }\nphases: [ { executor: constant-users, users: 1, duration: 1s } ]\n");
        Directory.CreateDirectory(Path.Combine(Folder, "scripts"));
        var output = Path.Combine(Folder, "out.js");
        string[] arguments = misuse switch
        {
            "unknown-format" => ["load", "export", scenario, "--format", "k7", "--out", output],
            "no-format" => ["load", "export", scenario, "--out", output],
            "no-out" => ["load", "export", scenario, "--format", "k6"],
            "missing-scenario" => ["load", "export", Path.Combine(Folder, "missing.yaml"), "--format", "k6", "--out", output],
            "refused-scenario" => ["load", "export", refused, "--format", "locust", "--out", output],
            "out-is-a-folder" => ["load", "export", scenario, "--format", "k6", "--out", Path.Combine(Folder, "scripts")],
            "scenario-is-a-folder" => ["load", "export", Path.Combine(Folder, "scripts"), "--format", "k6", "--out", output],
            _ => ["load", "export", scenario, "--format", "k6", "--out", output, "--slo", refused],
        };

        var (exitCode, text) = await StadiumCli.RunAsync(arguments);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(text.Trim().Split('\n'));
        Assert.StartsWith("stadium load export: ", line, StringComparison.Ordinal);
        Assert.EndsWith(" (see --help)", line, StringComparison.Ordinal);
        Assert.Contains(mentioned.Replace("{folder}", Folder, StringComparison.Ordinal), line, StringComparison.Ordinal);
        Assert.False(File.Exists(output), "a refused export wrote a file");
    }
}
