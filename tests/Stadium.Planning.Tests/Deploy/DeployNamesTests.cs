using System.Text.RegularExpressions;
using Stadium.Testing;

namespace Stadium.Planning.Tests.Deploy;

/// <summary>
/// Every name the deploy files take from Stadium exists in its code: the metrics the dashboard, the autoscalers and
/// the alarms query (and the docs name), the settings they set, the health endpoints the probes call and the verbs' flags.
/// </summary>
public sealed partial class DeployNamesTests
{
    /// <summary>How the Prometheus exporter spells an instrument: its name with '_' for '.', then unit and type suffixes.</summary>
    private static readonly string[] ExporterSuffixes = ["", "_total", "_bytes", "_seconds", "_bucket", "_seconds_bucket", "_sum", "_seconds_sum", "_count", "_seconds_count"];

    private static readonly Lazy<string[]> Code = new(() =>
        Directory.EnumerateFiles(Repository.Combine("src"), "*.cs", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Repository.Combine("tests"), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.Contains("Stadium.Planning.Tests", StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .ToArray());

    [Fact]
    public void Every_metric_the_deploy_files_query_is_exported_by_the_code()
    {
        var instruments = Code.Value.SelectMany(text => Instrument().Matches(text)).Select(m => m.Groups[1].Value.Replace('.', '_')).ToHashSet();
        var adapterNames = DeployText().SelectMany(f => AdapterName().Matches(f.Text)).Select(m => m.Groups[1].Value).ToHashSet();
        var queried = DeployText().SelectMany(f => MetricName().Matches(f.Text).Select(m => (f.File, Name: m.Value))).Distinct().ToArray();

        var unknown = queried
            .Where(q => !adapterNames.Contains(q.Name))
            .Where(q => q.Name.StartsWith("stadium_", StringComparison.Ordinal)
                ? !instruments.Any(i => ExporterSuffixes.Any(s => q.Name == i + s))
                : !Code.Value.Any(text => text.Contains(q.Name, StringComparison.Ordinal)))
            .Select(q => $"{q.File}: {q.Name}")
            .ToArray();

        Assert.Contains(queried, q => q.Name == "stadium_jobs_depth");
        Assert.Contains(queried, q => q.Name == "stadium_gateway_request_duration_seconds_bucket");
        Assert.True(unknown.Length == 0, $"metrics no code exports: {string.Join(", ", unknown)}");
    }

    /// <summary>A metric the README or docs/ tell an operator to watch is one a Stadium process exports, spelled as it is.</summary>
    [Fact]
    public void Every_Stadium_metric_the_docs_name_is_exported_by_the_code()
    {
        var instruments = Code.Value.SelectMany(text => Instrument().Matches(text)).Select(m => m.Groups[1].Value.Replace('.', '_')).ToHashSet();
        var named = Directory.EnumerateFiles(Repository.Combine("docs"), "*.md").Append(Repository.Combine("README.md"))
            .SelectMany(f => DocumentedMetric().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetRelativePath(Repository.Root, f), Name: m.Value)))
            .Distinct()
            .ToArray();

        var unknown = named.Where(n => !instruments.Any(i => ExporterSuffixes.Any(s => n.Name == i + s))).Select(n => $"{n.File}: {n.Name}").ToArray();

        Assert.Contains(named, n => n.Name == "stadium_cache_requests_total");
        Assert.True(unknown.Length == 0, $"metrics no code exports: {string.Join(", ", unknown)}");
    }

    /// <summary>
    /// The job queue's gauges are the whole queue's, reported alike by every API node and worker, and each gateway
    /// reports every node it sees: summed over the processes, 2 pending jobs on a fleet of 25 processes read as 50.
    /// </summary>
    [Fact]
    public void A_gauge_every_process_reports_for_the_whole_fleet_is_never_summed_over_the_processes()
    {
        var summed = DeployText()
            .SelectMany(f => SummedFleetGauge().Matches(f.Text).Select(m => $"{f.File}: {m.Value}"))
            .ToArray();

        Assert.Contains(DeployText(), f => f.Text.Contains("stadium_jobs_depth", StringComparison.Ordinal) && f.File.EndsWith("stadium.json", StringComparison.Ordinal));
        Assert.True(summed.Length == 0, $"summed over processes: {string.Join(", ", summed)}");
    }

    [Fact]
    public void Every_Stadium_setting_the_deploy_files_set_is_one_the_code_binds()
    {
        var settings = DeployText().SelectMany(f => Setting().Matches(f.Text).Select(m => (f.File, Key: m.Value))).Distinct().ToArray();

        var unknown = settings.Where(s => !Bound(s.Key)).Select(s => $"{s.File}: {s.Key}").ToArray();

        Assert.Contains(settings, s => s.Key == "Stadium__Store__Postgres__Primary");
        Assert.True(unknown.Length == 0, $"settings no options class binds: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void The_probes_call_the_health_endpoints_the_processes_map()
    {
        var paths = DeployText().SelectMany(f => HealthPath().Matches(f.Text)).Select(m => m.Value).ToHashSet();

        Assert.Equal(["/health/live", "/health/ready"], paths.Order(StringComparer.Ordinal));
        Assert.All(paths, p => Assert.Contains(Code.Value, text => text.Contains($"(\"{p}\"", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_roles_run_verbs_and_flags_the_command_line_has()
    {
        var commands = Directory.EnumerateFiles(Repository.Combine("src", "Stadium", "Commands"), "*.cs").Select(File.ReadAllText).ToArray();
        var roles = DeployText().SelectMany(f => Role().Matches(f.Text)).ToArray();

        Assert.Equal(["gateway", "serve", "work"], roles.Select(r => r.Groups["verb"].Value).Distinct().Order(StringComparer.Ordinal));
        foreach (var role in roles)
        {
            var verb = role.Groups["verb"].Value;
            Assert.Contains(commands, c => c.Contains($"new Command(\"{verb}\"", StringComparison.Ordinal));
            foreach (var flag in Flag().Matches(role.Value).Select(m => m.Value))
            {
                Assert.True(commands.Any(c => c.Contains($"\"{flag}\"", StringComparison.Ordinal)), $"{verb} {flag} is not an option of the command line");
            }
        }
    }

    /// <summary>"Stadium__Store__Postgres__Replicas__0" is bound when a class declaring "Stadium:Store:Postgres" has a property Replicas.</summary>
    private static bool Bound(string variable)
    {
        var segments = variable.Split("__").Where(s => !s.All(char.IsAsciiDigit)).ToArray();
        var section = string.Join(':', segments[..^1]);
        var property = new Regex($@"public [\w<>?,\[\] ]+ {segments[^1]} \{{");
        return Code.Value.Any(text => text.Contains($"\"{section}\"", StringComparison.Ordinal) && property.IsMatch(text));
    }

    private static IEnumerable<(string File, string Text)> DeployText() =>
        Directory.EnumerateFiles(Repository.Combine("deploy"), "*", SearchOption.AllDirectories)
            .Select(f => (Path.GetRelativePath(Repository.Root, f), File.ReadAllText(f)));

    [GeneratedRegex(@"""(stadium\.[a-z_.]+)""")]
    private static partial Regex Instrument();

    [GeneratedRegex(@"\bas: (stadium_[a-z0-9_]+)")]
    private static partial Regex AdapterName();

    [GeneratedRegex(@"\b(stadium|dotnet|http_server|kestrel|aspnetcore)_[a-z0-9_]+\b")]
    private static partial Regex MetricName();

    /// <summary>A sum (by any labels) taken directly over a fleet-wide gauge: <c>sum by (type) (stadium_jobs_depth)</c>.</summary>
    [GeneratedRegex(@"\bsum\s*(by\s*\([^)]*\)\s*)?\(\s*(stadium_jobs_(depth|oldest_age_seconds|dead_letters|drain_rate)|stadium_gateway_destinations)\b")]
    private static partial Regex SummedFleetGauge();

    /// <summary>A metric's name as the docs quote it: in backticks, alone or with its labels (a prefix such as stadium_gateway_* is not one).</summary>
    [GeneratedRegex(@"(?<=`)stadium_[a-z0-9_]*[a-z0-9](?=[`{])")]
    private static partial Regex DocumentedMetric();

    [GeneratedRegex(@"\bStadium__[A-Za-z0-9_]+\b")]
    private static partial Regex Setting();

    [GeneratedRegex(@"/health/[a-z]+")]
    private static partial Regex HealthPath();

    [GeneratedRegex(@"\[""(?<verb>serve|work|gateway)""[^\]]*\]")]
    private static partial Regex Role();

    [GeneratedRegex(@"--[a-z-]+")]
    private static partial Regex Flag();
}
