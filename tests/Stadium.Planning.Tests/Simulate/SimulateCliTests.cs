using System.Globalization;
using Stadium.Testing;

namespace Stadium.Planning.Tests.Simulate;

/// <summary>`stadium simulate` as a user runs it: the fixed interface, and one-line errors with exit 2.</summary>
public sealed class SimulateCliTests
{
    [Theory]
    [InlineData("cpu")]
    [InlineData("stadium")]
    public async Task A_1M_launch_day_exits_0_and_ends_with_its_summary(string policy)
    {
        var (code, output, errors) = await BuiltCli.RunAsync(["simulate", "--mau", "1000000", "--trace", "launch", "--policy", policy],
            limit: TimeSpan.FromMinutes(3)); // a day in seconds of CPU, but CI runs test projects side by side

        Assert.True(code == 0, errors);
        var last = output.TrimEnd().Split('\n')[^1];
        Assert.StartsWith($"Summary: {policy} ", last, StringComparison.Ordinal);
        Assert.Contains("SLO-violation minutes", last, StringComparison.Ordinal);
        Assert.Contains("instance-hours", last, StringComparison.Ordinal);
        Assert.Contains("launch trace, 1,000,000 MAU", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--mau", "0")]
    [InlineData("--trace", "no-such-trace.csv")]
    [InlineData("--policy", "no-such-policy")]
    [InlineData("--node-cpu", "-1")]
    [InlineData("--regions", "no-such-regions.csv")]
    public async Task A_bad_flag_is_one_line_and_exit_2(string flag, string value)
    {
        string[] args = flag == "--mau" ? ["simulate", flag, value] : ["simulate", "--mau", "1000", flag, value];

        var (code, output, errors) = await BuiltCli.RunAsync(args);

        Assert.Equal(2, code);
        var line = Assert.Single(errors.TrimEnd().Split('\n'));
        Assert.StartsWith("stadium simulate: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Summary", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--out", "folder", "--out {0} is a folder, not a file")]
    [InlineData("--plot", "file", "--plot {0} is a file, not a folder")]
    [InlineData("--plot", "file/plots", "--plot {0} cannot be created ({1} is a file)")]
    public async Task An_output_path_that_cannot_be_written_is_one_line_before_the_simulation(string option, string name, string expected)
    {
        var folder = Directory.CreateTempSubdirectory("stadium-simulate-cli-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, "folder"));
            var file = Path.Combine(folder, "file");
            await File.WriteAllTextAsync(file, "keep");
            var path = Path.Combine(folder, name);

            var (code, output, errors) = await BuiltCli.RunAsync(["simulate", "--mau", "1000000", option, path]);

            Assert.Equal(2, code);
            Assert.Equal(string.Empty, output);
            Assert.Equal($"stadium simulate: {string.Format(CultureInfo.InvariantCulture, expected, path, file)} (see --help)", errors.TrimEnd('\n'));
            Assert.Equal("keep", await File.ReadAllTextAsync(file));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Max_nodes_below_min_nodes_is_one_line_and_exit_2()
    {
        var (code, output, errors) = await BuiltCli.RunAsync(["simulate", "--mau", "1000000", "--min-nodes", "10", "--max-nodes", "5"]);

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Equal("stadium simulate: --max-nodes must be at least --min-nodes (got --min-nodes 10 --max-nodes 5) (see --help)", errors.TrimEnd('\n'));
    }

    [Fact]
    public async Task Max_nodes_alone_below_the_plans_minimum_lowers_the_minimum_and_says_so()
    {
        var (code, output, errors) = await BuiltCli.RunAsync(["simulate", "--mau", "1000000", "--max-nodes", "5", "--policy", "cpu"],
            limit: TimeSpan.FromMinutes(3)); // a day in seconds of CPU, but CI runs test projects side by side

        Assert.True(code == 0, errors);
        Assert.Contains("--max-nodes 5 is below the plan's minimum of ", output, StringComparison.Ordinal);
        Assert.Contains("the minimum is lowered to 5", output, StringComparison.Ordinal);
        Assert.Contains("built-in policies scale from 5 to 5 nodes", output, StringComparison.Ordinal);
        Assert.EndsWith("max 5 nodes", output.TrimEnd(), StringComparison.Ordinal);
    }
}
