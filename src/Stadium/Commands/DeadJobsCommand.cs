using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Stadium.Data.Providers;
using Stadium.Jobs;
using Stadium.Service;

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
        var limit = CommonOptions.InRange(new Option<int>("--limit") { Description = "How many to list.", DefaultValueFactory = _ => 100 }, 1, 1_000_000);
        var command = new Command("dead", "List dead-lettered jobs with their last error; --retry ID or --retry-all requeues them.")
        {
            data, config, type, retry, retryAll, limit,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(retry) is { Implicit: false } && result.GetValue(retryAll))
            {
                result.AddError("--retry names jobs, --retry-all every listed one: give one of them");
            }
        });
        command.SetAction(async (result, ct) =>
        {
            // The worker role's services without its workers: the handlers are needed so that a retried job puts
            // its export or announcement back to pending in the same transaction.
            await using var host = WorkerHost.Build(new StadiumHostSettings(Port: 0, DataFolder: result.GetValue(data), ConfigFile: result.GetValue(config)), runWorkers: false);
            // An unknown type lists nothing, which would read as "no dead jobs": checked before the store is touched.
            var known = host.Services.GetRequiredService<JobsOptions>().Types.Keys.Order(StringComparer.Ordinal).ToList();
            if (result.GetValue(type) is { } wanted && !known.Contains(wanted))
            {
                throw new UsageException($"--type: no job type '{wanted}'; known: {string.Join(", ", known)}");
            }

            // A read of the dead letters must not make a store: a mistyped --data would list an empty new one.
            var stadium = StadiumOptions.From(host.Services.GetRequiredService<IConfiguration>());
            if (!DataProviders.Get(stadium.Store.Provider).MayExist(stadium.Store, stadium.DataFolder))
            {
                throw new UsageException($"--data: no Stadium store in {Path.GetFullPath(stadium.DataFolder)}; give the folder `stadium up`, `serve` or `work` ran with");
            }

            // Not started, so the migrations a starting host applies are applied here.
            await host.Services.GetRequiredService<IDatabaseMigrator>().MigrateAsync(ct);
            var deadLetters = host.Services.GetRequiredService<DeadLetters>();
            // An id named twice is one job to retry, not a second retry that finds it no longer dead.
            var named = (result.GetValue(retry) ?? []).Distinct().ToArray();
            foreach (var id in named)
            {
                var job = await deadLetters.GetAsync(id, ct) ?? throw new UsageException($"--retry: no job {id}");
                if (job.State != "dead")
                {
                    throw new UsageException($"--retry: job {id} is not dead (it is {job.State})");
                }
            }

            var dead = await deadLetters.ListAsync(result.GetValue(type), result.GetValue(limit), ct);
            var table = new Table().AddColumns("id", "type", "attempts", "last error");
            foreach (var job in dead)
            {
                table.AddRow(job.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(job.Type),
                    $"{job.Attempt}/{job.MaxAttempts}", Markup.Escape(job.LastError ?? ""));
            }

            AnsiConsole.Write(table);
            var toRetry = result.GetValue(retryAll) ? dead.Select(j => j.Id).ToArray() : named;
            var exitCode = ExitCodes.Ok;
            foreach (var id in toRetry)
            {
                var requeued = await deadLetters.RetryAsync(id, ct);
                AnsiConsole.MarkupLine(requeued ? $"job {id}: back in the queue" : $"job {id}: [yellow]not requeued[/] (no longer dead, or its unique key is pending again)");
                exitCode = requeued ? exitCode : ExitCodes.Failed;
            }

            return exitCode;
        });
        return command;
    }
}
