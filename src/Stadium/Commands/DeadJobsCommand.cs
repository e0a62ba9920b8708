using System.CommandLine;
using Spectre.Console;
using Stadium.Data.Postgres;
using Stadium.Data.Sqlite;
using Stadium.Jobs;
using Stadium.Jobs.Postgres;
using Stadium.Jobs.Sqlite;

namespace Stadium.Commands;

/// <summary>`stadium work dead`: the dead letters (jobs that used up their attempts), and putting them back in the queue.</summary>
internal static class DeadJobsCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var config = CommonOptions.Config();
        var type = new Option<string?>("--type") { Description = "Only jobs of this type." };
        var retry = new Option<long[]>("--retry") { Description = "Put these dead jobs back in the queue with fresh attempts.", AllowMultipleArgumentsPerToken = true };
        var retryAll = new Option<bool>("--retry-all") { Description = "Put every listed dead job back in the queue." };
        var limit = new Option<int>("--limit") { Description = "How many to list.", DefaultValueFactory = _ => 100 };
        var command = new Command("dead", "List dead-lettered jobs with their last error; --retry ID or --retry-all requeues them.")
        {
            data, config, type, retry, retryAll, limit,
        };
        command.SetAction(async (result, ct) =>
        {
            var options = StadiumConfiguration.Load(result.GetValue(data)!, result.GetValue(config));
            var jobs = new JobsOptions();
            await using var opened = await OpenAsync(options, jobs, ct);
            var dead = await opened.Queue.ListDeadAsync(result.GetValue(type), result.GetValue(limit), ct);
            var table = new Table().AddColumns("id", "type", "attempts", "last error");
            foreach (var job in dead)
            {
                table.AddRow(job.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(job.Type),
                    $"{job.Attempt}/{job.MaxAttempts}", Markup.Escape(job.LastError ?? ""));
            }

            AnsiConsole.Write(table);
            var toRetry = result.GetValue(retryAll) ? dead.Select(j => j.Id).ToArray() : result.GetValue(retry) ?? [];
            foreach (var id in toRetry)
            {
                var requeued = await opened.Queue.RetryDeadAsync(id, ct);
                AnsiConsole.MarkupLine(requeued ? $"job {id}: back in the queue" : $"job {id}: [yellow]not requeued[/] (not dead, or its unique key is pending again)");
            }

            return 0;
        });
        return command;
    }

    private static async Task<OpenQueue> OpenAsync(Stadium.Service.Platform.StadiumOptions options, JobsOptions jobs, CancellationToken ct)
    {
        if (string.Equals(options.Store.Provider, "Postgres", StringComparison.OrdinalIgnoreCase))
        {
            await using (var migrate = new PostgresDatabase(new PostgresOptions { Primary = options.Store.Postgres.Primary }, TimeProvider.System))
            {
                await PostgresSchema.MigrateAsync(migrate.Primary, ct);
            }

            var queue = new PostgresJobQueue(options.Store.Postgres.Primary, jobs, TimeProvider.System);
            return new OpenQueue(queue, queue.DisposeAsync);
        }

        var sqlite = new SqliteDatabase(options.SqlitePath);
        SqliteMigrator.Migrate(sqlite);
        return new OpenQueue(new SqliteJobQueue(sqlite, jobs, TimeProvider.System), () =>
        {
            sqlite.Dispose();
            return ValueTask.CompletedTask;
        });
    }

    private sealed class OpenQueue(IJobQueue queue, Func<ValueTask> close) : IAsyncDisposable
    {
        public IJobQueue Queue => queue;

        public ValueTask DisposeAsync() => close();
    }
}
