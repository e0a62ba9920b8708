using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using Stadium.Data;
using Stadium.Data.Postgres;
using Stadium.Data.Sqlite;
using Stadium.Jobs.Postgres;
using Stadium.Jobs.Sqlite;
using Stadium.Service.Features.Announcements;
using Stadium.Testing;

namespace Stadium.Jobs.Tests;

/// <summary>
/// An announcement to 2,000 followers, sent by a `stadium work` process that is killed with SIGKILL mid-blast;
/// a second process takes over once the leases run out. No follower may be missed. Through the file-drop
/// outbox every follower ends with exactly one email; over SMTP (a real SMTP server in this test process) a
/// message the server accepted just before the kill, and whose delivery record had not committed, is sent
/// again: at most once per recipient, and at most one message per batch that was running when the worker died.
/// CI uses 2,000 followers; STADIUM_KILL_TEST_FOLLOWERS=10000 gives the full-size run recorded in bench/RESULTS.md.
/// </summary>
public abstract class WorkerKillContract : IDisposable
{
    private const int BatchConcurrency = 4;
    private static readonly int Followers =
        int.TryParse(Environment.GetEnvironmentVariable("STADIUM_KILL_TEST_FOLLOWERS"), out var configured) && configured >= 1_000 ? configured : 2_000;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string?> _output = new();
    private SmtpSink? _smtp;
    protected readonly string _folder = Path.Combine(Path.GetTempPath(), "stadium-kill-tests", Guid.NewGuid().ToString("n"));

    /// <summary>Deliver over SMTP to a real SMTP server instead of the file-drop outbox.</summary>
    protected virtual bool OverSmtp => false;

    [Fact]
    public async Task A_worker_killed_mid_blast_misses_no_follower_and_resends_at_most_the_messages_in_flight()
    {
        _smtp = OverSmtp ? new SmtpSink() : null;
        var announcementId = await PrepareAsync();
        var outbox = Path.Combine(_folder, "outbox");
        int Sent() => _smtp?.Messages.Count ?? Emails(outbox).Length;

        long sentWhenKilled;
        using (var first = StartWorker())
        {
            await WaitUntil(() => Sent() >= Followers / 5, first, TimeSpan.FromSeconds(60));
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
            sentWhenKilled = Sent();
        }

        Assert.InRange(sentWhenKilled, Followers / 5, Followers - 1);

        var resumed = Stopwatch.StartNew();
        using (var second = StartWorker())
        {
            await WaitUntil(Finished, second, TimeSpan.FromSeconds(90));
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();
        }

        Console.WriteLine($"kill test ({GetType().Name}): {Followers} followers, {sentWhenKilled} emails out when the first worker was killed, " +
            $"{Sent()} in all, the second finished in {resumed.Elapsed.TotalSeconds:N1} s");

        if (_smtp is null)
        {
            await AssertOneFilePerFollowerAsync(outbox, announcementId);
        }
        else
        {
            AssertSmtpDeliveries(_smtp, announcementId);
        }

        Assert.Equal(Followers, await ScalarAsync("SELECT COUNT(DISTINCT recipient_id) FROM email_deliveries WHERE announcement_id = @announcementId", new { announcementId }));
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM jobs"));
    }

    private static async Task AssertOneFilePerFollowerAsync(string outbox, long announcementId)
    {
        var expected = Enumerable.Range(2, Followers).Select(id => $"announcement-{announcementId}-{id}.eml").ToHashSet();
        var files = Emails(outbox);
        Assert.Equal(Followers, files.Length);
        Assert.True(expected.SetEquals(files.Select(f => Path.GetFileName(f)!)), "one file per follower, named by the (announcement, recipient) key");
        foreach (var file in files)
        {
            var recipient = Path.GetFileNameWithoutExtension(file).Split('-')[^1];
            var text = await File.ReadAllTextAsync(file);
            Assert.Contains($"To: f{recipient}@example.com", text, StringComparison.Ordinal);
        }
    }

    private static void AssertSmtpDeliveries(SmtpSink smtp, long announcementId)
    {
        var byRecipient = smtp.Messages.GroupBy(m => Assert.Single(m.Recipients)).ToDictionary(g => g.Key, g => g.ToList());
        var expected = Enumerable.Range(2, Followers).Select(id => $"f{id}@example.com").ToHashSet();
        Assert.True(expected.SetEquals(byRecipient.Keys), $"every follower got mail, and nobody else: {expected.Except(byRecipient.Keys).Count()} missed");
        foreach (var (recipient, mails) in byRecipient)
        {
            Assert.InRange(mails.Count, 1, 2);
            var id = recipient.Split('@')[0][1..];
            // A resent message is the same message: same Message-Id, so the receiver can drop it.
            Assert.All(mails, m => Assert.Contains($"Message-Id: <announcement-{announcementId}-{id}@stadium>", m.Data, StringComparison.OrdinalIgnoreCase));
        }

        var duplicates = byRecipient.Values.Sum(m => m.Count - 1);
        Assert.InRange(duplicates, 0, BatchConcurrency);
    }

    /// <summary>A fresh, migrated store for the test: the database the worker processes will use.</summary>
    protected abstract Task<(IDatabase Database, IJobQueue Queue)> OpenStoreAsync();

    /// <summary>How `stadium work` finds that store (extra arguments after --data).</summary>
    protected abstract IEnumerable<string> StoreArguments();

    protected abstract Task<long> ScalarAsync(string sql, object? parameters = null);

    /// <summary>An author (id 1) with followers 2..N+1, and an announcement queued through the real store.</summary>
    private async Task<long> PrepareAsync()
    {
        var (database, queue) = await OpenStoreAsync();
        await database.WriteAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync("INSERT INTO users (id, username, email, password_hash, created_at) VALUES (1, 'author', 'author@example.com', 'x', 0)", transaction: transaction);
            await connection.ExecuteAsync(
                "INSERT INTO users (id, username, email, password_hash, created_at) VALUES (@id, 'f' || @id, 'f' || @id || '@example.com', 'x', 0)",
                Enumerable.Range(2, Followers).Select(id => new { id = (long)id }), transaction);
            await connection.ExecuteAsync("INSERT INTO follows (follower_id, followee_id, created_at) VALUES (@id, 1, 0)", Enumerable.Range(2, Followers).Select(id => new { id = (long)id }), transaction);
            return 0;
        }, CancellationToken.None);
        var store = new AnnouncementStore(database, queue);
        var (announcement, outcome) = await store.CreateAsync(1, "Kill test", "Exactly once, please.", DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Equal(EnqueueOutcome.Enqueued, outcome);
        return announcement!.Id;
    }

    private Process StartWorker()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { BuiltCli.Path, "work", "--data", _folder, "--port", "0" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Slow enough that the kill lands mid-blast: about 7 s for 2,000 emails.
        info.Environment["Stadium__Email__RatePerSecond"] = Math.Max(300, Followers / 7).ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["Stadium__Email__BatchSize"] = "100";
        info.Environment["Stadium__Jobs__PollInterval"] = "00:00:00.200";
        info.Environment["Stadium__Jobs__Types__announcement.batch__Lease"] = "00:00:02";
        info.Environment["Stadium__Jobs__Types__announcement.batch__Concurrency"] = BatchConcurrency.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        if (_smtp is not null)
        {
            info.Environment["Stadium__Email__Provider"] = "Smtp";
            info.Environment["Stadium__Email__Smtp__Host"] = "127.0.0.1";
            info.Environment["Stadium__Email__Smtp__Port"] = _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            info.Environment["Stadium__Email__Smtp__StartTls"] = "false";
        }

        foreach (var argument in StoreArguments())
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => _output.Enqueue(e.Data);
        process.ErrorDataReceived += (_, e) => _output.Enqueue(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task WaitUntil(Func<bool> condition, Process worker, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.False(worker.HasExited, $"the worker exited early with code {(worker.HasExited ? worker.ExitCode : 0)}: {string.Join('\n', _output)}");
            Assert.True(watch.Elapsed < timeout, $"condition not reached in time; worker output: {string.Join('\n', _output.TakeLast(40))}");
            await Task.Delay(50);
        }
    }

    private static string[] Emails(string outbox) => Directory.Exists(outbox) ? Directory.GetFiles(outbox, "*.eml") : [];

    private bool Finished() =>
        ScalarAsync("SELECT COUNT(*) FROM email_deliveries").GetAwaiter().GetResult() == Followers &&
        ScalarAsync("SELECT COUNT(*) FROM jobs").GetAwaiter().GetResult() == 0;

    public virtual void Dispose()
    {
        _smtp?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>The embedded default: both worker processes open the same SQLite file.</summary>
public class SqliteWorkerKillTests : WorkerKillContract
{
    private SqliteDatabase? _database;

    protected override Task<(IDatabase Database, IJobQueue Queue)> OpenStoreAsync()
    {
        _database = new SqliteDatabase(Path.Combine(_folder, "stadium.db"));
        SqliteMigrator.Migrate(_database);
        return Task.FromResult<(IDatabase, IJobQueue)>((_database, new SqliteJobQueue(_database, new JobsOptions(), TimeProvider.System)));
    }

    protected override IEnumerable<string> StoreArguments() => [];

    protected override Task<long> ScalarAsync(string sql, object? parameters = null)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_folder, "stadium.db"), Pooling = false, DefaultTimeout = 30 }.ToString());
        connection.Open();
        return Task.FromResult(connection.ExecuteScalar<long>(sql, parameters));
    }

    public override void Dispose()
    {
        _database?.Dispose();
        base.Dispose();
    }
}

/// <summary>PostgreSQL: worker processes claim with SKIP LOCKED and wake on NOTIFY; settings come from a file, as `stadium infra up` writes it.</summary>
[Collection(PostgresCollection.Name)]
public class PostgresWorkerKillTests(PostgresCluster cluster) : WorkerKillContract
{
    private string _connectionString = "";
    private PostgresDatabase? _database;
    private PostgresJobQueue? _queue;

    protected override async Task<(IDatabase Database, IJobQueue Queue)> OpenStoreAsync()
    {
        _connectionString = await cluster.NewDatabaseAsync();
        _database = new PostgresDatabase(new PostgresOptions { Primary = _connectionString }, TimeProvider.System);
        _queue = new PostgresJobQueue(_connectionString, new JobsOptions(), TimeProvider.System);
        return (_database, _queue);
    }

    protected override IEnumerable<string> StoreArguments()
    {
        Directory.CreateDirectory(_folder);
        var settings = Path.Combine(_folder, "stadium.json");
        File.WriteAllText(settings, System.Text.Json.JsonSerializer.Serialize(new
        {
            Stadium = new { Store = new { Provider = "Postgres", Postgres = new { Primary = _connectionString } } },
        }));
        return ["--config", settings];
    }

    protected override async Task<long> ScalarAsync(string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }

    public override void Dispose()
    {
        _queue?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _database?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        NpgsqlConnection.ClearAllPools();
        base.Dispose();
    }
}

/// <summary>The SQLite kill test delivering over SMTP.</summary>
public sealed class SqliteSmtpWorkerKillTests : SqliteWorkerKillTests
{
    protected override bool OverSmtp => true;
}

/// <summary>The PostgreSQL kill test delivering over SMTP.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSmtpWorkerKillTests(PostgresCluster cluster) : PostgresWorkerKillTests(cluster)
{
    protected override bool OverSmtp => true;
}
