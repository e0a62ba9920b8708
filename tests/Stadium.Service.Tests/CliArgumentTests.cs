using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Stadium.Testing;

namespace Stadium.Service.Tests;

/// <summary>
/// Every usage or input error, the parser's own included, is one line on stderr, `stadium &lt;verb&gt;: &lt;what is wrong&gt;
/// (see --help)`, with exit code 2: no help dump, no .NET type names, no stack trace, and nothing written anywhere.
/// </summary>
public sealed class CliArgumentTests
{
    [Theory]
    [InlineData("stadium serve: --port: 'abc' is not a whole number (see --help)", "serve", "--port", "abc")]
    [InlineData("stadium serve: --port: 'http' is not a whole number (see --help)", "serve", "--port", "http")]
    [InlineData("stadium load url: --rate: 'abc' is not a number (see --help)", "load", "url", "http://127.0.0.1:9/", "--rate", "abc")]
    [InlineData("stadium infra up: --replicas: 'abc' is not a whole number (see --help)", "infra", "up", "--replicas", "abc")]
    [InlineData("stadium infra up: --replicas must be between 0 and 8 (see --help)", "infra", "up", "--replicas", "9")]
    [InlineData("stadium seed: --users: 'many' is not a whole number (see --help)", "seed", "--users", "many")]
    [InlineData("stadium seed: --users must be between 1 and 100000000 (see --help)", "seed", "--users", "0")]
    [InlineData("stadium work bench: --jobs: 'lots' is not a whole number (see --help)", "work", "bench", "--jobs", "lots")]
    [InlineData("stadium work dead: --retry: 'x' is not a whole number (see --help)", "work", "dead", "--retry", "x")]
    [InlineData("stadium up: --port must be between 0 and 65535 (see --help)", "up", "--port", "70000")]
    [InlineData("stadium work: --port must be between 0 and 65535 (see --help)", "work", "--port", "-1")]
    [InlineData("stadium serve: --host: 'example' is not an IP address or localhost (0.0.0.0 listens on every interface) (see --help)", "serve", "--host", "example")]
    [InlineData("stadium up: --urls: 'abc' is not a URL such as http://0.0.0.0:8080 (see --help)", "up", "--urls", "abc")]
    [InlineData("stadium serve: Unrecognized command or argument '--bogus' (see --help)", "serve", "--bogus")]
    [InlineData("stadium up: --autoscale scales a cluster: use it with --cluster (see --help)", "up", "--autoscale", "scaling/autoscale.yaml")]
    [InlineData("stadium up: --nodes shapes a cluster: use it with --cluster (see --help)", "up", "--nodes", "3")]
    [InlineData("stadium up: --node-memory: '12Q' is not a size such as 512M or 1G (see --help)", "up", "--cluster", "--node-memory", "12Q")]
    [InlineData("stadium up: --workers shapes a cluster: use it with --cluster (see --help)", "up", "--workers", "3", "--users", "100")]
    [InlineData("stadium up: --node-memory shapes a cluster: use it with --cluster (see --help)", "up", "--node-memory", "1G")]
    [InlineData("stadium up: --node-cpu must be from 0.01 to 64 (got NaN) (see --help)", "up", "--cluster", "--node-cpu", "NaN")]
    [InlineData("stadium up: --node-cpu must be from 0.01 to 64 (got 0) (see --help)", "up", "--cluster", "--node-cpu", "0")]
    [InlineData("stadium: Unrecognized command or argument 'bogus' (see --help)", "bogus")]
    [InlineData("stadium seed: --posts-per-user must be from 0 to 10000 (got -1) (see --help)", "seed", "--posts-per-user", "-1")]
    [InlineData("stadium seed: --posts-per-user must be from 0 to 10000 (got NaN) (see --help)", "seed", "--posts-per-user", "NaN")]
    [InlineData("stadium tokens: --count must be between 1 and 1000000 (see --help)", "tokens", "--count", "0")]
    [InlineData("stadium tokens: --population must be between 1 and 100000000 (see --help)", "tokens", "--population", "-5")]
    [InlineData("stadium tokens: --minutes must be between 1 and 525600 (see --help)", "tokens", "--minutes", "-5")]
    [InlineData("stadium tokens: --zipf must be from 0 to 10 (got -1) (see --help)", "tokens", "--zipf", "-1")]
    [InlineData("stadium work dead: --limit must be between 1 and 1000000 (see --help)", "work", "dead", "--limit", "0")]
    [InlineData("stadium work dead: --retry names jobs, --retry-all every listed one: give one of them (see --help)", "work", "dead", "--retry", "1", "--retry-all")]
    public async Task A_bad_argument_is_one_line_naming_the_verb_and_exit_2(string expected, params string[] args)
    {
        var folder = NewFolder();
        // Should parsing ever let it through, nothing may land in the working folder.
        string[] where = args[0] switch
        {
            "infra" => ["--dir", folder],
            "load" or "bogus" => [],
            _ => ["--data", folder],
        };
        var (exitCode, output, errors) = await RunAsync([.. args, .. where]);

        Assert.Equal(2, exitCode);
        Assert.Equal(expected, errors.TrimEnd('\n'));
        Assert.Equal("", output);
        Assert.False(Directory.Exists(folder));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("6")]
    public async Task Tokens_mints_one_per_distinct_user_asked_for_however_steep_the_activity(string zipf)
    {
        var folder = NewFolder();
        try
        {
            var (exitCode, output, errors) = await RunAsync(["tokens", "--data", folder, "--count", "60", "--population", "100", "--zipf", zipf]);

            Assert.True(exitCode == 0, errors);
            var tokens = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(60, tokens.Length);
            Assert.Equal(60, tokens.Select(Subject).Distinct().Count());
            Assert.All(tokens.Select(Subject), id => Assert.InRange(id, 1, 100));
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        static int Subject(string token)
        {
            var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
            var json = Convert.FromBase64String(payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '='));
            return int.Parse(System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("sub").GetString()!, CultureInfo.InvariantCulture);
        }
    }

    [Theory]
    [InlineData("top")]
    [InlineData("seed")]
    [InlineData("work dead")]
    [InlineData("tokens")]
    [InlineData("ceiling")]
    public async Task Help_on_a_verb_prints_its_usage_even_when_the_verb_is_not_listed(string verb)
    {
        var (exitCode, output, errors) = await RunAsync([.. verb.Split(' '), "--help"]);

        Assert.Equal(0, exitCode);
        Assert.Equal("", errors);
        Assert.Contains($"stadium {verb} [options]", output, StringComparison.Ordinal);
        Assert.Contains("--help", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("up")]
    [InlineData("serve")]
    [InlineData("work")]
    [InlineData("seed")]
    [InlineData("work dead")]
    public async Task A_settings_file_that_does_not_exist_is_one_line_naming_its_path(string verb)
    {
        var folder = NewFolder();
        var missing = Path.Combine(folder, "nope", "stadium.json");
        var (exitCode, output, errors) = await RunAsync([.. verb.Split(' '), "--config", missing, "--data", folder]);

        Assert.Equal(2, exitCode);
        Assert.Equal($"stadium {verb}: --config: no settings file at {missing} (see --help)", errors.TrimEnd('\n'));
        Assert.Equal("", output);
        Assert.False(Directory.Exists(folder));
    }

    [Theory]
    [InlineData("up", "file", "--data {0} is a file, not a folder")]
    [InlineData("serve", "file", "--data {0} is a file, not a folder")]
    [InlineData("work", "file", "--data {0} is a file, not a folder")]
    [InlineData("up --cluster", "file", "--data {0} is a file, not a folder")]
    [InlineData("up", "file/data", "--data {0} cannot be created ({1} is a file)")]
    [InlineData("serve", "file/data", "--data {0} cannot be created ({1} is a file)")]
    public async Task A_data_folder_that_cannot_be_one_is_one_line_before_anything_starts(string verb, string name, string expected)
    {
        var folder = NewFolder();
        Directory.CreateDirectory(folder);
        try
        {
            var file = Path.Combine(folder, "file");
            await File.WriteAllTextAsync(file, "keep");
            var data = Path.Combine(folder, name);

            var (exitCode, output, errors) = await RunAsync([.. verb.Split(' '), "--port", "0", "--data", data]);

            Assert.Equal(2, exitCode);
            Assert.Equal($"stadium {verb.Split(' ')[0]}: {string.Format(CultureInfo.InvariantCulture, expected, data, file)} (see --help)", errors.TrimEnd('\n'));
            Assert.Equal("", output);
            Assert.Equal("keep", await File.ReadAllTextAsync(file));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Checking_a_data_folder_leaves_nothing_when_another_argument_is_wrong()
    {
        var folder = NewFolder();
        var data = Path.Combine(folder, "a", "b");

        var (exitCode, _, errors) = await RunAsync(["serve", "--data", data, "--port", "70000"]);

        Assert.Equal(2, exitCode);
        Assert.Equal("stadium serve: --port must be between 0 and 65535 (see --help)", errors.TrimEnd('\n'));
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task A_settings_file_that_is_not_json_is_one_line_naming_its_path_and_where()
    {
        var folder = NewFolder();
        Directory.CreateDirectory(folder);
        try
        {
            var config = Path.Combine(folder, "stadium.json");
            await File.WriteAllTextAsync(config, "{ \"Stadium\": { bad } }");
            var data = Path.Combine(folder, "data");

            var (exitCode, output, errors) = await RunAsync(["up", "--config", config, "--data", data]);

            Assert.Equal(2, exitCode);
            Assert.Equal($"stadium up: --config: {config} is not valid JSON (line 1, byte 16) (see --help)", errors.TrimEnd('\n'));
            Assert.Equal("", output);
            Assert.False(Directory.Exists(data));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Autoscale_once_without_a_cluster_prints_no_json_logs_to_stderr_and_exits_1()
    {
        var folder = NewFolder();
        Directory.CreateDirectory(folder);
        try
        {
            var file = Path.Combine(folder, "autoscale.yaml");
            await File.WriteAllTextAsync(file, $"window: 1s\ndata: {folder}\ntargets:\n  - name: api\n    driver: local\n    local: {{ role: api }}\n    maxReplicas: 3\n    metrics:\n      - name: cpu\n        target: {{ type: Utilization, averageUtilization: 70 }}\n");

            var (exitCode, output, errors) = await RunAsync(["autoscale", "--config", file, "--once"]);

            Assert.Equal(1, exitCode);
            Assert.Equal("", output); // standard output is JSON lines only: none without a decision
            Assert.Contains("cannot read the cluster's state", errors, StringComparison.Ordinal);
            Assert.EndsWith("stadium autoscale: no decision for api this round (the warning above says why)", errors.TrimEnd('\n'), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("driver: kubernetes\n    kubernetes: { deployment: api }", "targets[0] (api) uses driver 'kubernetes'; up --cluster scales its own nodes, with driver 'local'")]
    [InlineData("driver: local\n    local: { role: api, data: /elsewhere }", "targets[0] (api) names a cluster folder (local.data); inside up --cluster every target scales this cluster, so leave it out")]
    [InlineData("driver: local\n    minReplicas: many", "minReplicas")]
    public async Task An_autoscale_file_the_cluster_cannot_use_is_one_line_before_anything_starts(string target, string expected)
    {
        var folder = NewFolder();
        Directory.CreateDirectory(folder);
        try
        {
            var file = Path.Combine(folder, "autoscale.yaml");
            await File.WriteAllTextAsync(file, $"targets:\n  - name: api\n    {target}\n    maxReplicas: 3\n    metrics:\n      - name: cpu\n        target: {{ type: Utilization, averageUtilization: 70 }}\n");
            var data = Path.Combine(folder, "cluster");

            var (exitCode, output, errors) = await RunAsync(["up", "--cluster", "--autoscale", file, "--port", "0", "--data", data]);

            Assert.Equal(2, exitCode);
            Assert.StartsWith($"stadium up: --autoscale: ", errors, StringComparison.Ordinal);
            Assert.Contains(expected, errors, StringComparison.Ordinal);
            Assert.Single(errors.TrimEnd('\n').Split('\n'));
            Assert.Equal("", output);
            Assert.False(Directory.Exists(data));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A store that does not answer is a failed run (1), told in one line naming the server, not a stack trace.</summary>
    [Fact]
    public async Task A_database_that_does_not_answer_is_one_line_and_exit_1()
    {
        var folder = NewFolder();
        var environment = new Dictionary<string, string>
        {
            ["Stadium__Store__Provider"] = "Postgres",
            ["Stadium__Store__Postgres__Primary"] = "Host=127.0.0.1;Port=1;Username=x;Database=x;Timeout=2",
        };

        var (exitCode, _, errors) = await RunAsync(["seed", "--users", "5", "--data", folder], environment);

        Assert.Equal(1, exitCode);
        var line = Assert.Single(errors.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("stadium seed: ", line, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:1", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("up")]
    [InlineData("serve")]
    [InlineData("load url", "http://127.0.0.1:9/v1/feed")]
    [InlineData("load run", "scenarios/stadium-mix.yaml")]
    public async Task A_bad_slo_file_is_one_line_naming_its_line_and_key(string verb, string? target = null)
    {
        var folder = NewFolder();
        Directory.CreateDirectory(folder);
        var slo = Path.Combine(folder, "slo.yaml");
        await File.WriteAllTextAsync(slo, "endpoints:\n  GET /v1/feed:\n    latency: { p99: fast }\n");
        string[] where = target is null ? ["--data", Path.Combine(folder, "data")] : [Path.Combine(Repository.Root, target)];
        try
        {
            var (exitCode, output, errors) = await RunAsync([.. verb.Split(' '), .. where, "--slo", slo]);

            Assert.Equal(2, exitCode);
            Assert.Equal($"stadium {verb}: {slo}:3: latency: p99 must be a duration like 50ms (got 'fast') (see --help)", errors.TrimEnd('\n'));
            Assert.Equal("", output);
            Assert.False(Directory.Exists(Path.Combine(folder, "data")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A good --slo file is accepted: the verb goes on to its next check (here a port already taken).</summary>
    [Theory]
    [InlineData("serve")]
    [InlineData("up")]
    public async Task A_good_slo_file_is_accepted(string verb)
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        var folder = NewFolder();

        var (exitCode, _, errors) = await RunAsync([verb, "--slo", Path.Combine(Repository.Root, "slo.yaml"), "--port", port.ToString(CultureInfo.InvariantCulture), "--data", folder]);

        Assert.Equal(2, exitCode);
        Assert.Equal($"stadium {verb}: 127.0.0.1:{port} is already in use by another process; choose another --port (0 picks a free one) (see --help)", errors.TrimEnd('\n'));
    }

    /// <summary>
    /// The port is checked before anything else: `up` would otherwise seed first (minutes at a million users), `work`
    /// and `serve` would start job workers on the live node's database, and the data folder would be created.
    /// </summary>
    [Theory]
    [InlineData("serve", false)]
    [InlineData("work", false)]
    [InlineData("up", false)]
    [InlineData("up", true)]
    [InlineData("serve", true)]
    public async Task A_port_another_process_holds_fails_at_once_touching_nothing(string verb, bool folderExists)
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        var folder = NewFolder();
        var database = Path.Combine(folder, "stadium.db");
        if (folderExists)
        {
            // Not a database: opening it at all would fail differently, and any write would change its bytes or time.
            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(database, "left as it was");
            File.SetLastWriteTimeUtc(database, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        }

        try
        {
            var clock = Stopwatch.StartNew();
            var (exitCode, output, errors) = await RunAsync([verb, "--port", port.ToString(CultureInfo.InvariantCulture), "--data", folder, .. verb == "up" ? ["--users", "50"] : Array.Empty<string>()]);

            Assert.Equal(2, exitCode);
            Assert.Equal($"stadium {verb}: 127.0.0.1:{port} is already in use by another process; choose another --port (0 picks a free one) (see --help)", errors.TrimEnd('\n'));
            Assert.Equal("", output);
            // The process's own start (the .NET runtime, on a busy 2-core machine) is most of this; a seed or a host start is not in it.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
            if (folderExists)
            {
                Assert.Equal(["stadium.db"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName));
                Assert.Equal("left as it was", await File.ReadAllTextAsync(database));
                Assert.Equal(new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), File.GetLastWriteTimeUtc(database));
            }
            else
            {
                Assert.False(Directory.Exists(folder));
            }
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("seed")]
    [InlineData("work")]
    public async Task A_store_provider_that_does_not_exist_is_one_line_naming_the_known_ones(string verb)
    {
        var folder = NewFolder();
        string[] args = verb == "seed" ? [verb, "--data", folder] : [verb, "--port", "0", "--data", folder];
        var (exitCode, _, errors) = await RunAsync(args, new() { ["Stadium__Store__Provider"] = "mysql" });

        Assert.Equal(2, exitCode);
        Assert.Equal($"stadium {verb}: Stadium:Store:Provider 'mysql' is not a known store; known: sqlite, postgres (see --help)", errors.Trim());
        Assert.False(Directory.Exists(Path.Combine(folder, "stadium.db")));
    }

    /// <summary>
    /// `seed`, and `up` before it seeds, read the settings as the node does: appsettings.json in the working directory
    /// counts, so `up` never seeds one store and then serves another, nor `seed` fill a store `serve` does not read.
    /// </summary>
    [Theory]
    [InlineData("seed")]
    [InlineData("up")]
    public async Task Appsettings_json_in_the_working_directory_is_read_before_seeding(string verb)
    {
        var folder = NewFolder();
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "appsettings.json"), """{ "Stadium": { "Store": { "Provider": "mysql" } } }""");
        var data = Path.Combine(folder, "data");
        string[] args = verb == "seed" ? [verb, "--users", "5", "--data", data] : [verb, "--port", "0", "--users", "5", "--data", data];
        try
        {
            var (exitCode, _, errors) = await BuiltCli.RunAsync(args, workingDirectory: folder);

            Assert.Equal(2, exitCode);
            Assert.Equal($"stadium {verb}: Stadium:Store:Provider 'mysql' is not a known store; known: sqlite, postgres (see --help)", errors.Trim());
            Assert.False(Directory.Exists(data));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("serve", "Stadium__Feed__TimelineCapacity", "0", "stadium serve: Stadium:Feed:TimelineCapacity must be at least 1 (got 0) (see --help)")]
    [InlineData("work", "Stadium__Email__Smtp__Port", "0", "stadium work: Stadium:Email:Smtp:Port must be from 1 to 65535 (got 0) (see --help)")]
    [InlineData("serve", "Stadium__Feed__TimelineCapacity", "abc", "stadium serve: Stadium:Feed:TimelineCapacity: 'abc' is not a whole number (see --help)")]
    [InlineData("serve", "Stadium__Jobs__DrainTimeout", "-00:00:01", "stadium serve: Stadium:Jobs:DrainTimeout must not be negative (got -00:00:01) (see --help)")]
    [InlineData("work", "Stadium__Jobs__Types__export.pdf__Concurrency", "0", "stadium work: Stadium:Jobs:Types:export.pdf:Concurrency must be at least 1 (got 0) (see --help)")]
    [InlineData("serve", "Stadium__Store__Postgres__MaxPoolSize", "0", "stadium serve: Stadium:Store:Postgres:MaxPoolSize must be at least 1 (got 0) (see --help)")]
    [InlineData("serve", "Stadium__Slo__File", "/nonexistent/slo.yaml", "stadium serve: Stadium:Slo:File: /nonexistent/slo.yaml: cannot read the SLO file (Could not find a part of the path '/nonexistent/slo.yaml') (see --help)")]
    public async Task A_bad_setting_is_one_line_naming_its_key(string verb, string variable, string value, string expected)
    {
        var folder = NewFolder();
        try
        {
            var environment = new Dictionary<string, string> { [variable] = value };
            if (variable.StartsWith("Stadium__Store__Postgres__", StringComparison.Ordinal))
            {
                // Checked when the store is chosen, before any connection: no server needs to listen here.
                environment["Stadium__Store__Provider"] = "Postgres";
                environment["Stadium__Store__Postgres__Primary"] = "Host=127.0.0.1;Port=1;Username=x;Database=x";
            }

            var (exitCode, _, errors) = await RunAsync([verb, "--port", "0", "--data", folder], environment);

            Assert.Equal(2, exitCode);
            Assert.Equal(expected, errors.Trim());
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static string NewFolder() => Path.Combine(Path.GetTempPath(), "stadium-cli-tests", Guid.NewGuid().ToString("n"));

    private static Task<(int ExitCode, string Output, string Errors)> RunAsync(string[] args, Dictionary<string, string>? environment = null) =>
        BuiltCli.RunAsync(args, environment);
}
