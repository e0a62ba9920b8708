using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Stadium.Data.Seeding;
using Stadium.Data.Sqlite;
using Stadium.Service.Platform;

using Stadium.Testing;

namespace Stadium.Service.Tests;

/// <summary>
/// The main job as a user runs it: `stadium up` seeds, serves, prints its URLs and demo login, stops cleanly on
/// SIGTERM, and on a second run reuses the data it made, saying so instead of promising accounts that do not exist.
/// </summary>
public sealed partial class UpCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "stadium-up-tests", Guid.NewGuid().ToString("n"));

    [Fact]
    public async Task Up_seeds_serves_and_reuses_its_data_folder()
    {
        using (var first = UpProcess.Start(_folder, users: 60))
        {
            var api = await first.WaitForBannerAsync();
            Assert.Contains("user1 .. user60 / " + SeedOptions.DemoPassword, first.Output);
            using var client = new HttpClient { BaseAddress = api };
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/openapi/v1.json")).StatusCode);
            var login = await client.PostAsJsonAsync("/v1/auth/login", new { username = "user60", password = SeedOptions.DemoPassword });
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            Assert.Equal(0, await first.StopAsync());
        }

        using var second = UpProcess.Start(_folder, users: 80);
        await second.WaitForBannerAsync();
        Assert.Contains("already seeded with 60 users", second.Output);
        Assert.Contains("--users 80 ignored", second.Output);
        Assert.Contains("user1 .. user60 / ", second.Output);
        Assert.DoesNotContain("user1 .. user80", second.Output);
        Assert.Equal(0, await second.StopAsync());
    }

    [Fact]
    public async Task Up_with_slo_uses_that_file_for_its_objectives()
    {
        Directory.CreateDirectory(_folder);
        var slo = Path.Combine(_folder, "profiles-only.yaml");
        await File.WriteAllTextAsync(slo, "endpoints:\n  GET /v1/users/{username}: { latency: { p99: 1s }, availability: 99%, window: 7d }\n");
        using var up = UpProcess.Start(Path.Combine(_folder, "data"), users: 20, extra: ["--slo", slo]);
        var api = await up.WaitForBannerAsync();
        using var client = new HttpClient { BaseAddress = api };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/users/user1")).StatusCode);

        var metrics = "";
        // Up to 30 s (a child process on a loaded machine); the loop ends as soon as the series shows.
        for (var attempt = 0; attempt < 300 && !metrics.Contains("stadium_protection_slo_events", StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(100);
            metrics = await client.GetStringAsync("/metrics");
        }

        // Burn rates for the one endpoint that file lists, none for those only the built-in file has.
        Assert.Contains("endpoint=\"GET /v1/users/{username}\"", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("endpoint=\"GET /v1/feed\"", metrics, StringComparison.Ordinal);
        Assert.Equal(0, await up.StopAsync());
    }

    /// <summary>
    /// A seed killed part-way (Ctrl+C that came too late, out of memory, power cut) leaves the rows it had committed.
    /// The next `up` must discard them and seed afresh, not fail on their keys forever.
    /// </summary>
    [Theory]
    [InlineData("DELETE FROM users; DELETE FROM seed_info WHERE key = 'users'")]
    [InlineData("DELETE FROM users WHERE id > 10; DELETE FROM seed_info WHERE key = 'users'")]
    public async Task Up_seeds_again_over_a_seed_that_was_interrupted(string interruption)
    {
        await LeaveInterruptedSeedAsync(users: 60, interruption);

        using var up = UpProcess.Start(_folder, users: 60);
        var api = await up.WaitForBannerAsync();
        Assert.Contains("user1 .. user60 / " + SeedOptions.DemoPassword, up.Output);
        using var client = new HttpClient { BaseAddress = api };
        var login = await client.PostAsJsonAsync("/v1/auth/login", new { username = "user60", password = SeedOptions.DemoPassword });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);

        // 60 users x 10 posts: ids 1..600 again, none left over from the interrupted seed.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/posts/600")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/v1/posts/601")).StatusCode);
        Assert.Equal(0, await up.StopAsync());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65536)]
    public async Task Up_refuses_a_port_out_of_range_before_seeding_anything(int port)
    {
        using var up = UpProcess.Start(_folder, users: 60, port);
        await up.WaitForExitAsync();
        Assert.Equal(2, up.ExitCode);
        Assert.Equal("stadium up: --port must be between 0 and 65535 (see --help)", up.Output.Trim());
        Assert.DoesNotContain("Unhandled exception", up.Output);
        Assert.False(File.Exists(Path.Combine(_folder, "stadium.db")), up.Output);
    }

    /// <summary>
    /// The banner comes once the node answers and says what it runs on and whether it runs the job workers; every URL
    /// it prints answers as printed; and an export runs to completion with no `stadium work` beside it.
    /// </summary>
    [Fact]
    public async Task Up_banner_names_store_cache_and_workers_its_urls_answer_and_exports_complete()
    {
        using var up = UpProcess.Start(_folder, users: 30);
        var api = await up.WaitForBannerAsync();

        Assert.Contains($"Store        SQLite {Path.GetFullPath(Path.Combine(_folder, "stadium.db"))}", up.Output);
        Assert.Contains("Cache        in-process", up.Output);
        Assert.Contains("Job workers  run in this process", up.Output);
        using var client = new HttpClient { BaseAddress = api };
        await AssertEveryUrlAnswersAsync(client, up.Output);
        await AssertAnExportCompletesAsync(client);
        Assert.Equal(0, await up.StopAsync());
    }

    [Fact]
    public async Task Up_with_no_workers_says_so_and_leaves_exports_queued()
    {
        using var up = UpProcess.Start(_folder, users: 10, extra: ["--no-workers"]);
        var api = await up.WaitForBannerAsync();

        Assert.Contains("Job workers  none in this process: run `stadium work` beside it", up.Output);
        using var client = new HttpClient { BaseAddress = api };
        await LoginAsync(client, "user1");
        var export = await client.PostAsync("/v1/exports", null);
        Assert.Equal(HttpStatusCode.Accepted, export.StatusCode);
        // Long enough for an in-process worker to have claimed it (a wake-up is immediate, polling is every second).
        await Task.Delay(TimeSpan.FromSeconds(2));
        var status = await client.GetFromJsonAsync<JsonElement>(export.Headers.Location);
        Assert.Equal("queued", status.GetProperty("status").GetString());
        Assert.Equal(0, await up.StopAsync());
    }

    /// <summary>--urls, ASPNETCORE_URLS and --host/--port choose where the node listens; an explicit --port wins over the variable.</summary>
    [Theory]
    [InlineData("urls")]
    [InlineData("variable")]
    [InlineData("host-and-port-over-variable")]
    public async Task Up_listens_where_it_is_told(string how)
    {
        var port = FreeLoopbackPort();
        var other = FreeLoopbackPort();
        var (extra, environment) = how switch
        {
            "urls" => ((string[])["--urls", $"http://127.0.0.1:{port}"], new Dictionary<string, string>()),
            "variable" => ([], new() { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" }),
            _ => (["--host", "127.0.0.1", "--port", $"{port}"], new() { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{other}" }),
        };
        using var up = UpProcess.Start(_folder, users: 10, port: null, extra, environment);
        var api = await up.WaitForBannerAsync();

        Assert.Equal(new Uri($"http://127.0.0.1:{port}"), api);
        using var client = new HttpClient { BaseAddress = api };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(0, await up.StopAsync());
    }

    internal static async Task AssertEveryUrlAnswersAsync(HttpClient client, string banner)
    {
        var urls = AnyUrl().Matches(banner).Select(m => m.Value).ToList();
        Assert.True(urls.Count >= 5, banner);
        foreach (var url in urls)
        {
            var response = await client.GetAsync(url);
            Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode}");
        }
    }

    internal static async Task AssertAnExportCompletesAsync(HttpClient client)
    {
        await LoginAsync(client, "user1");
        var export = await client.PostAsync("/v1/exports", null);
        Assert.Equal(HttpStatusCode.Accepted, export.StatusCode);
        await ExportsTests.WaitForStatus(client, export.Headers.Location!.OriginalString, "completed");
    }

    private static async Task LoginAsync(HttpClient client, string username)
    {
        var login = await client.PostAsJsonAsync("/v1/auth/login", new { username, password = SeedOptions.DemoPassword });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
    }

    /// <summary>
    /// Free now, and below Linux's ephemeral range: a port the kernel handed out for port 0 could be taken by any outgoing
    /// connection (the suite makes many) before the child process binds it, seconds later.
    /// </summary>
    private static int FreeLoopbackPort() => Stadium.Infra.FreePort.Pick();

    [GeneratedRegex(@"http://\S+")]
    private static partial Regex AnyUrl();

    /// <summary>What a seed leaves when killed: a whole seed with what it had not committed yet taken away.</summary>
    private async Task LeaveInterruptedSeedAsync(int users, string interruption)
    {
        Directory.CreateDirectory(_folder);
        using (var database = new SqliteDatabase(new StadiumOptions { DataFolder = _folder }.SqlitePath))
        {
            SqliteMigrator.Migrate(database);
            await DemoSeeder.SeedAsync(database, new SeedOptions(users, "not-a-real-hash"), TimeProvider.System, null, CancellationToken.None);
            using var connection = database.Open();
            using var command = connection.CreateCommand();
            command.CommandText = interruption;
            command.ExecuteNonQuery();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    internal sealed partial class UpProcess : IDisposable
    {
        private readonly Process _process;
        private readonly ConcurrentQueue<string> _lines = new();

        private UpProcess(Process process) => _process = process;

        public string Output => string.Join('\n', _lines);

        public int ExitCode => _process.ExitCode;

        /// <param name="port">Null leaves --port out (the default, or ASPNETCORE_URLS, applies).</param>
        public static UpProcess Start(string folder, int users, int? port = 0, string[]? extra = null, Dictionary<string, string>? environment = null)
        {
            var info = new ProcessStartInfo("dotnet")
            {
                ArgumentList = { BuiltCli.Path, "up", "--data", folder, "--users", users.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            if (port is { } chosen)
            {
                info.ArgumentList.Add("--port");
                info.ArgumentList.Add(chosen.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            foreach (var arg in extra ?? [])
            {
                info.ArgumentList.Add(arg);
            }

            info.Environment["Logging__LogLevel__Default"] = "Warning";
            info.Environment.Remove("ASPNETCORE_URLS");
            foreach (var (name, value) in environment ?? [])
            {
                info.Environment[name] = value;
            }

            var up = new UpProcess(Process.Start(info)!);
            up._process.OutputDataReceived += (_, e) => up._lines.Enqueue(e.Data ?? "");
            up._process.ErrorDataReceived += (_, e) => up._lines.Enqueue(e.Data ?? "");
            up._process.BeginOutputReadLine();
            up._process.BeginErrorReadLine();
            return up;
        }

        public async Task<Uri> WaitForBannerAsync()
        {
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < TimeSpan.FromSeconds(90))
            {
                Assert.False(_process.HasExited, $"stadium up exited early: {Output}");
                if (_lines.Any(l => l.Contains("Press Ctrl+C", StringComparison.Ordinal)) && ApiLine().Match(Output) is { Success: true } api)
                {
                    return new Uri(api.Groups["base"].Value);
                }

                await Task.Delay(100);
            }

            throw new TimeoutException($"no banner from stadium up: {Output}");
        }

        /// <summary>SIGTERM, as a service manager or Kubernetes stops it; returns the exit code.</summary>
        public async Task<int> StopAsync()
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            return await WaitForExitAsync();
        }

        /// <summary>Waits (up to a minute) for the process to end by itself, with its output read to the end; returns the exit code.</summary>
        public async Task<int> WaitForExitAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await _process.WaitForExitAsync(timeout.Token);
            return _process.ExitCode;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.Dispose();
        }

        [GeneratedRegex(@"Health\s+(?<base>http://127\.0\.0\.1:\d+)/health/ready")]
        private static partial Regex ApiLine();
    }
}
