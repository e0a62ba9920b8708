using System.Globalization;
using System.Text.Json;
using Stadium.Testing;

namespace Stadium.Planning.Tests;

/// <summary>`stadium plan` as a user runs it: the table, plan.json's fixed keys, and one-line errors with exit 2.</summary>
public sealed class PlanCliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stadium-plan-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Out_writes_the_fixed_keys_with_the_seed_figures_and_every_number_has_a_source()
    {
        var path = Path.Combine(_folder, "plan.json");

        var (code, output, errors) = await BuiltCli.RunAsync(["plan", "--mau", "1000000", "--out", path]);

        Assert.True(code == 0, errors);
        Assert.Contains("active in 15 minutes", output, StringComparison.Ordinal);
        Assert.Contains("bench/capacity/feed-1core.json", output, StringComparison.Ordinal);
        using var plan = JsonDocument.Parse(await File.ReadAllTextAsync(path));
        var root = plan.RootElement;
        string[] keys = ["mau", "activeIn15Minutes", "burstUsersPerMinute", "endpoints", "nodes", "databasePool", "autoscaling"];
        Assert.Equal(keys, root.EnumerateObject().Select(p => p.Name).Take(keys.Length));
        Assert.Equal(1_000_000, root.GetProperty("mau").GetInt64());
        Assert.Equal(30_000, root.GetProperty("activeIn15Minutes").GetDouble(), 6);
        Assert.Equal(5_000, root.GetProperty("burstUsersPerMinute").GetDouble(), 6);
        var sourced = Numbers(root).ToList();
        Assert.True(sourced.Count > 50, $"only {sourced.Count} sourced numbers");
        Assert.All(sourced, n =>
        {
            Assert.Contains(n.GetProperty("source").GetString(), (string[])["measured", "derived", "default", "given"]);
            Assert.False(string.IsNullOrWhiteSpace(n.GetProperty("how").GetString()));
        });
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("lots")]
    public async Task A_bad_mau_is_one_line_and_exit_2(string mau)
    {
        var (code, output, errors) = await BuiltCli.RunAsync(["plan", "--mau", mau]);

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        var line = Assert.Single(errors.TrimEnd().Split('\n'));
        Assert.StartsWith("stadium plan: ", line, StringComparison.Ordinal);
        Assert.EndsWith("(see --help)", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Emit_reproduces_the_committed_deploy_folder_for_the_committed_inputs()
    {
        var dir = Path.Combine(_folder, "deploy");

        var (code, output, errors) = await BuiltCli.RunAsync(["plan", "--mau", "1000000", "--emit", dir]);

        Assert.True(code == 0, errors);
        Assert.Contains("deploy files written to", output, StringComparison.Ordinal);
        var committed = Repository.Combine("deploy");
        var expected = Directory.GetFiles(committed, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(committed, f)).Order(StringComparer.Ordinal).ToList();
        var written = Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(dir, f)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, written);
        var different = expected.Where(f => !File.ReadAllBytes(Path.Combine(dir, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(committed, f)))).ToList();
        Assert.True(different.Count == 0, "stadium plan --emit differs from the committed deploy/ in: " + string.Join(", ", different));

        var (emitted, _, _) = await BuiltCli.RunAsync(["plan", "--mau", "10000000", "--emit", Path.Combine(_folder, "ten")]);
        Assert.Equal(0, emitted);
        Assert.NotEqual(File.ReadAllText(Path.Combine(committed, "k8s/base/api-hpa.yaml")), File.ReadAllText(Path.Combine(_folder, "ten", "k8s/base/api-hpa.yaml")));
    }

    [Fact]
    public async Task A_missing_results_file_is_one_line_naming_it_and_exit_2()
    {
        var missing = Path.Combine(_folder, "nope.json");

        var (code, output, errors) = await BuiltCli.RunAsync(["plan", "--mau", "1000000", "--from", missing]);

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        var line = Assert.Single(errors.TrimEnd().Split('\n'));
        Assert.Equal($"stadium plan: {missing}: no such results file (see --help)", line);
    }

    [Theory]
    [InlineData("--out", "folder", "--out {0} is a folder, not a file")]
    [InlineData("--out", "file/plan.json", "--out {0} cannot be created ({1} is a file)")]
    [InlineData("--emit", "file", "--emit {0} is a file, not a folder")]
    [InlineData("--emit", "file/deploy", "--emit {0} cannot be created ({1} is a file)")]
    public async Task An_output_path_that_cannot_be_written_is_one_line_before_the_plan(string option, string name, string expected)
    {
        Directory.CreateDirectory(Path.Combine(_folder, "folder"));
        var file = Path.Combine(_folder, "file");
        await File.WriteAllTextAsync(file, "keep");
        var path = Path.Combine(_folder, name);

        var (code, output, errors) = await BuiltCli.RunAsync(["plan", "--mau", "1000000", option, path]);

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Equal($"stadium plan: {string.Format(CultureInfo.InvariantCulture, expected, path, file)} (see --help)", errors.TrimEnd('\n'));
        Assert.Equal("keep", await File.ReadAllTextAsync(file));
        Assert.Equal(["file", "folder"], Directory.GetFileSystemEntries(_folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("nodeCores: 2\nminNodes: two\n", "{0}:2: minNodes must be a number (got 'two')")]
    [InlineData("nodeCores: [1, 2]\n", "{0}:1: nodeCores must be a number (got a list)")]
    [InlineData("nodeCores: 2\nnodeCore: 3\n", "{0}:2: unknown assumption 'nodeCore' (known: ")]
    [InlineData("- nodeCores\n", "{0}:1: an assumptions file maps keys to numbers, like 'nodeCores: 2'")]
    public async Task A_wrong_assumptions_file_is_one_line_naming_its_line_and_key(string yaml, string expected)
    {
        var path = Path.Combine(_folder, "assume.yaml");
        await File.WriteAllTextAsync(path, yaml);

        var (code, output, errors) = await BuiltCli.RunAsync(["plan", "--mau", "1000000", "--assume", path]);

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        var line = Assert.Single(errors.TrimEnd().Split('\n'));
        Assert.StartsWith($"stadium plan: {string.Format(CultureInfo.InvariantCulture, expected, path)}", line, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json\n", "{0}:1: not a results file of `stadium load` (not JSON, or the wrong kind of value at the top)")]
    [InlineData("{\n  \"durationSeconds\": \"long\"\n}\n", "{0}:2: not a results file of `stadium load` (not JSON, or the wrong kind of value at $.durationSeconds)")]
    public async Task A_results_file_that_is_not_one_is_one_line_naming_its_line(string text, string expected)
    {
        var path = Path.Combine(_folder, "results.txt");
        await File.WriteAllTextAsync(path, text);

        var (code, output, errors) = await BuiltCli.RunAsync(["plan", "--mau", "1000000", "--from", path]);

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Equal($"stadium plan: {string.Format(CultureInfo.InvariantCulture, expected, path)} (see --help)", errors.TrimEnd('\n'));
    }

    [Fact]
    public async Task A_given_results_file_and_ratio_are_used_and_named()
    {
        var feed = HandMadeResults.Write(_folder, "GET", "/v1/feed", 2_000);
        var path = Path.Combine(_folder, "plan.json");

        var (code, _, errors) = await BuiltCli.RunAsync(["plan", "--mau", "2000000", "--from", feed, "--active-share", "0.015", "--out", path]);

        Assert.True(code == 0, errors);
        using var plan = JsonDocument.Parse(await File.ReadAllTextAsync(path));
        Assert.Equal(30_000, plan.RootElement.GetProperty("activeIn15Minutes").GetDouble(), 6);
        var feedCapacity = plan.RootElement.GetProperty("endpoints").EnumerateArray().Single(e => e.GetProperty("name").GetString() == "feed").GetProperty("capacityPerCore");
        Assert.Equal("measured", feedCapacity.GetProperty("source").GetString());
        Assert.Contains(feed, feedCapacity.GetProperty("how").GetString(), StringComparison.Ordinal);
    }

    private static IEnumerable<JsonElement> Numbers(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty("value", out _) && element.TryGetProperty("source", out _))
            {
                yield return element;
                yield break;
            }

            foreach (var child in element.EnumerateObject().SelectMany(p => Numbers(p.Value)))
            {
                yield return child;
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var child in element.EnumerateArray().SelectMany(Numbers))
            {
                yield return child;
            }
        }
    }
}
