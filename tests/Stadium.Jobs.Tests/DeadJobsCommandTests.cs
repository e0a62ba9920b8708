using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;
using Stadium.Data;
using Stadium.Data.Sqlite;
using Stadium.Jobs.Sqlite;
using Stadium.Service.Features.Exports;
using Stadium.Testing;

namespace Stadium.Jobs.Tests;

/// <summary>`stadium work dead --retry` as an operator runs it, against a data folder with a failed export.</summary>
public sealed class DeadJobsCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "stadium-dead-tests", Guid.NewGuid().ToString("n"));

    [Fact]
    public async Task Retrying_a_dead_export_job_from_the_command_line_queues_the_export_again()
    {
        long exportId;
        long jobId;
        using (var database = new SqliteDatabase(Path.Combine(_folder, "stadium.db")))
        {
            SqliteMigrator.Migrate(database);
            var options = new JobsOptions();
            options.Types[ExportStore.JobType] = new JobTypeOptions { MaxAttempts = 1 };
            var queue = new SqliteJobQueue(database, options, TimeProvider.System);
            var exports = new ExportStore(database, queue);
            exportId = (await exports.CreateAsync(5, DateTimeOffset.UtcNow, CancellationToken.None)).Export!.Id;
            var job = Assert.Single(await queue.ClaimAsync(ExportStore.JobType, "crashed", 1, CancellationToken.None));
            jobId = job.Id;
            Assert.Equal(FailOutcome.Dead, await queue.FailAsync(job, "boom", DateTimeOffset.UtcNow, CancellationToken.None));
            await exports.MarkFailedAsync(exportId, ExportJobHandler.FailureReason, DateTimeOffset.UtcNow, CancellationToken.None);
        }

        SqliteConnection.ClearAllPools();
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { BuiltCli.Path, "work", "dead", "--data", _folder, "--retry", jobId.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await output}\n{await errors}");
        Assert.Contains($"job {jobId}: back in the queue", await output, StringComparison.Ordinal);

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_folder, "stadium.db"), Pooling = false }.ToString());
        connection.Open();
        Assert.Equal(("queued", (string?)null), connection.QuerySingle<(string, string?)>("SELECT status, error FROM exports WHERE id = @exportId", new { exportId }));
        Assert.Equal(JobState.Available, connection.ExecuteScalar<string>("SELECT state FROM jobs WHERE id = @jobId", new { jobId }));
    }

    [Fact]
    public async Task A_dead_job_named_twice_is_retried_once_and_the_retry_succeeds()
    {
        long jobId;
        using (var database = new SqliteDatabase(Path.Combine(_folder, "stadium.db")))
        {
            SqliteMigrator.Migrate(database);
            var options = new JobsOptions();
            options.Types["retention.sweep"] = new JobTypeOptions { MaxAttempts = 1 };
            var queue = new SqliteJobQueue(database, options, TimeProvider.System);
            await database.WriteAsync((connection, transaction) => queue.EnqueueAsync(connection, transaction, new JobRequest("retention.sweep", "{}"), CancellationToken.None), CancellationToken.None);
            var job = Assert.Single(await queue.ClaimAsync("retention.sweep", "crashed", 1, CancellationToken.None));
            jobId = job.Id;
            Assert.Equal(FailOutcome.Dead, await queue.FailAsync(job, "boom", DateTimeOffset.UtcNow, CancellationToken.None));
        }

        SqliteConnection.ClearAllPools();
        var id = jobId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (exitCode, output, errors) = await RunAsync("work", "dead", "--data", _folder, "--retry", id, id);

        Assert.True(exitCode == 0, $"exit {exitCode}: {output}\n{errors}");
        Assert.Single(output.Split('\n'), l => l.StartsWith($"job {id}:", StringComparison.Ordinal));
        Assert.Contains($"job {id}: back in the queue", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_with_no_store_is_named_and_exits_2_without_making_one()
    {
        var (exitCode, output, errors) = await RunAsync("work", "dead", "--data", _folder);

        Assert.Equal(2, exitCode);
        Assert.Equal($"stadium work dead: --data: no Stadium store in {Path.GetFullPath(_folder)}; give the folder `stadium up`, `serve` or `work` ran with (see --help)", errors.TrimEnd('\n'));
        Assert.Equal("", output);
        Assert.False(Directory.Exists(_folder));
    }

    [Fact]
    public async Task Retrying_a_job_that_does_not_exist_names_it_and_exits_2()
    {
        using (var database = new SqliteDatabase(Path.Combine(_folder, "stadium.db")))
        {
            SqliteMigrator.Migrate(database);
        }

        SqliteConnection.ClearAllPools();
        var (exitCode, output, errors) = await RunAsync("work", "dead", "--data", _folder, "--retry", "999");

        Assert.Equal(2, exitCode);
        Assert.Equal("stadium work dead: --retry: no job 999 (see --help)", errors.TrimEnd('\n'));
        Assert.Equal("", output);
    }

    [Fact]
    public async Task An_unknown_job_type_is_named_with_the_known_ones_and_exits_2_before_the_store_is_touched()
    {
        var (exitCode, output, errors) = await RunAsync("work", "dead", "--data", _folder, "--type", "nope");

        Assert.Equal(2, exitCode);
        Assert.Equal($"stadium work dead: --type: no job type 'nope'; known: announcement.batch, announcement.fanout, {ExportStore.JobType}, retention.sweep (see --help)", errors.TrimEnd('\n'));
        Assert.Equal("", output);
        Assert.False(Directory.Exists(_folder));
    }

    private static Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] args) => BuiltCli.RunAsync(args);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
