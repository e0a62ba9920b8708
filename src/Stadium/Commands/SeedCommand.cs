using System.CommandLine;
using Microsoft.Extensions.Options;
using Spectre.Console;
using Stadium.Data.Providers;
using Stadium.Data.Seeding;
using Stadium.Service;
using Stadium.Service.Features.Auth;
using Stadium.Service.Platform;

namespace Stadium.Commands;

internal static class SeedCommand
{
    public static Command Create()
    {
        var users = CommonOptions.Users();
        var data = CommonOptions.Data();
        var postsPerUser = CommonOptions.InRange(new Option<double>("--posts-per-user") { Description = "Average posts per account.", DefaultValueFactory = _ => 10 }, 0, 10_000);
        var config = CommonOptions.Config();
        var command = new Command("seed", "Build the demo population: Zipf follower graph and posts.") { users, data, postsPerUser, config };
        command.SetAction(async (result, ct) =>
        {
            var options = StadiumConfiguration.Load(result.GetValue(data)!, result.GetValue(config));
            var outcome = await SeedAsync(options, result.GetValue(users), result.GetValue(postsPerUser), ct);
            return outcome is null ? 1 : 0;
        });
        return command;
    }

    /// <summary>Seeds the data folder unless it already holds a seed; shows a progress bar meanwhile.</summary>
    public static async Task<SeedResult?> SeedAsync(StadiumOptions options, int users, double postsPerUser, CancellationToken ct)
    {
        if (users < 1)
        {
            AnsiConsole.MarkupLine("[red]--users must be at least 1[/]");
            return null;
        }

        await using var store = await DataProviders.Get(options.Store.Provider).OpenSeedTargetAsync(options.Store, options.DataFolder, ct);
        if (store.SeededUsers() is { } seeded)
        {
            AnsiConsole.MarkupLine($"The {store.Description} is already seeded with {seeded:N0} users; reusing it.");
            return new SeedResult(true, seeded, -1, -1, TimeSpan.Zero);
        }

        // One OWASP-strength hash shared by every demo account.
        var hash = new PasswordHasher(Options.Create(options)).Hash(SeedOptions.DemoPassword);
        var seedOptions = new SeedOptions(users, hash, PostsPerUser: postsPerUser);
        SeedResult result = null!;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                var gate = new Lock();
                var progress = new SynchronousProgress(p =>
                {
                    lock (gate)
                    {
                        if (!tasks.TryGetValue(p.Phase, out var task))
                        {
                            tasks[p.Phase] = task = context.AddTask(p.Phase, maxValue: Math.Max(1, p.Total));
                        }

                        task.Value = p.Done;
                    }
                });
                result = await store.SeedAsync(seedOptions, TimeProvider.System, progress, ct);
                lock (gate)
                {
                    foreach (var task in tasks.Values)
                    {
                        task.Value = task.MaxValue;
                    }
                }
            });

        AnsiConsole.MarkupLine(
            $"Seeded {result.Users:N0} users, {result.Posts:N0} posts and {result.Follows:N0} follows in {result.Elapsed.TotalSeconds:N1} s. " +
            $"Every demo account's password is [bold]{SeedOptions.DemoPassword}[/].");
        return result;
    }

    /// <summary>
    /// Reports on the seeding thread itself. Progress&lt;T&gt; would queue millions of callbacks to the thread pool, where
    /// they ran side by side and after the seed had finished: a late one added a task while the bars were being
    /// completed, and a quick seed (`up --users 10`) failed with "Collection was modified".
    /// </summary>
    private sealed class SynchronousProgress(Action<SeedProgress> report) : IProgress<SeedProgress>
    {
        public void Report(SeedProgress value) => report(value);
    }
}
