using Stadium.Testing;

namespace Stadium.Chaos.Tests.Rehearsal;

/// <summary>`stadium rehearse` misused: one line on stderr naming what is wrong, exit 2, and no cluster started.</summary>
public sealed class RehearseCliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stadium-rehearse-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("--duration", "10s", "--duration must be at least 30s, room for a fault and its recovery (got 10s)")]
    [InlineData("--duration", "soon", "--duration: ")]
    [InlineData("--mau", "0", "--mau must be from 1 to 100,000,000,000 (got 0)")]
    [InlineData("--mau", "many", "many")]
    [InlineData("--scale", "0", "--scale divides the MAU's rates, so it must be above 0 (got 0)")]
    [InlineData("--seed", "x", "x")]
    [InlineData("--autoscale", "no-such-file.yaml", "--autoscale: no file no-such-file.yaml")]
    public async Task Misuse_is_one_line_and_exit_2(string flag, string value, string expected)
    {
        var results = Path.Combine(_folder, "results.json");

        var (code, output, errors) = await BuiltCli.RunAsync(["rehearse", flag, value, "--out", results]);

        Assert.True(code == 2, $"exit {code}: {output} {errors}");
        var line = Assert.Single(errors.TrimEnd().Split('\n'));
        Assert.StartsWith("stadium rehearse: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("Starting a cluster", output, StringComparison.Ordinal);
        Assert.False(File.Exists(results));
    }

    [Fact]
    public async Task An_autoscale_file_it_cannot_use_is_one_line_before_the_plan_is_printed()
    {
        var file = Path.Combine(_folder, "autoscale.yaml");
        await File.WriteAllTextAsync(file, "title: not an autoscaler\n");
        var results = Path.Combine(_folder, "results.json");

        var (code, output, errors) = await BuiltCli.RunAsync(["rehearse", "--autoscale", file, "--out", results]);

        Assert.True(code == 2, $"exit {code}: {output} {errors}");
        var line = Assert.Single(errors.TrimEnd().Split('\n'));
        Assert.StartsWith($"stadium rehearse: {file}:1: ", line, StringComparison.Ordinal);
        Assert.Equal("", output); // not the traffic plan first
        Assert.False(File.Exists(results));
    }

    [Theory]
    [InlineData("rehearse")]
    [InlineData("chaos", "run", "chaos/redis-down.yaml")]
    public async Task An_empty_out_is_one_line_and_exit_2(params string[] verb)
    {
        var (code, output, errors) = await BuiltCli.RunAsync([.. verb, "--out", ""]);

        Assert.True(code == 2, $"exit {code}: {output} {errors}");
        Assert.Equal("--out needs a file path, not an empty one (see --help)", Assert.Single(errors.TrimEnd().Split('\n')).Split(": ", 2)[1]);
        Assert.Equal("", output);
    }
}
