using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
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
        Assert.NotEqual(0, await up.WaitForExitAsync());
        Assert.Contains("--port must be between 0 and 65535", up.Output);
        Assert.DoesNotContain("Unhandled exception", up.Output);
        Assert.False(File.Exists(Path.Combine(_folder, "stadium.db")), up.Output);
    }

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

    private sealed partial class UpProcess : IDisposable
    {
        private readonly Process _process;
        private readonly ConcurrentQueue<string> _lines = new();

        private UpProcess(Process process) => _process = process;

        public string Output => string.Join('\n', _lines);

        public static UpProcess Start(string folder, int users, int port = 0)
        {
            var info = new ProcessStartInfo("dotnet")
            {
                ArgumentList = { BuiltCli.Path, "up", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data", folder, "--users", users.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.Environment["Logging__LogLevel__Default"] = "Warning";
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

        [GeneratedRegex(@"API\s+(?<base>http://127\.0\.0\.1:\d+)/v1")]
        private static partial Regex ApiLine();
    }
}
