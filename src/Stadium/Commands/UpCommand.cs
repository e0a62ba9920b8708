using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Spectre.Console;
using Stadium.Data.Providers;
using Stadium.Data.Seeding;
using Stadium.Service;

namespace Stadium.Commands;

internal static class UpCommand
{
    public static Command Create()
    {
        var bind = new BindAddress(CommonOptions.Port());
        var data = CommonOptions.Data();
        var users = CommonOptions.Users();
        var config = CommonOptions.Config();
        var noWorkers = ServeCommand.NoWorkers();
        var slo = CommonOptions.Slo(ServeCommand.SloUse);
        var cluster = new ClusterUp();
        var command = new Command(
            "up", "The main job: seed demo data (once) and run one API node with its job workers, on the embedded default or on --config's servers.")
        {
            data, users, config, noWorkers, slo,
        };
        bind.AddTo(command);
        cluster.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            if (result.GetValue(cluster.Cluster))
            {
                // The gateway takes --port; checked before the data tier starts, like a single node's port.
                BindAddress.EnsureFree(bind.Urls(result));
                return await cluster.RunAsync(result, data, users, bind.Port(result), ct);
            }

            if (result.GetValue(cluster.Autoscale) is not null)
            {
                throw new UsageException("--autoscale scales a cluster: use it with --cluster");
            }

            if (cluster.GivenWithoutCluster(result) is { } clusterOnly)
            {
                // A single node would start and quietly ignore it: `up --nodes 3` is a cluster asked for without --cluster.
                throw new UsageException($"{clusterOnly} shapes a cluster: use it with --cluster");
            }

            if (result.GetValue(cluster.Chaos))
            {
                throw new UsageException("--chaos puts a fault proxy in front of a cluster's data tier: use it with --cluster (or `stadium infra up --chaos`)");
            }

            // Before seeding (minutes at a million users) and before anything touches the data folder or database.
            var urls = bind.Urls(result);
            BindAddress.EnsureFree(urls);
            var folder = result.GetValue(data)!;
            var options = StadiumConfiguration.Load(folder, result.GetValue(config));
            // The banner names the accounts that exist: a reused data folder keeps its own population.
            if (await SeedCommand.SeedAsync(options, result.GetValue(users), 10, ct) is not { } seed)
            {
                return ExitCodes.Failed;
            }

            if (seed.AlreadySeeded && seed.Users != result.GetValue(users) && result.GetResult(users) is { Implicit: false })
            {
                var provider = DataProviders.Get(options.Store.Provider);
                AnsiConsole.MarkupLine($"[yellow]--users {result.GetValue(users):N0} ignored: {provider.PopulationHolder} already holds {seed.Users:N0} users. Use {provider.FreshStoreHint} to seed a different population.[/]");
            }

            // One process is the whole system on any store: its workers run exports and emails unless told not to.
            var settings = new Dictionary<string, string?> { [ServeCommand.WorkersKey] = result.GetValue(noWorkers) ? "false" : "true" };
            ServeCommand.WithSlo(settings, result.GetValue(slo));
            var app = StadiumHost.Build(new StadiumHostSettings(DataFolder: folder, ConfigFile: result.GetValue(config), Settings: settings, Urls: urls));
            await HostStart.StartAsync(app, ct);
            NodeBanner.Write(app, "Stadium is up.", sample: "/v1/users/user1/posts", demoLogin: $"user1 .. user{seed.Users} / {SeedOptions.DemoPassword}");
            await app.WaitForShutdownAsync(ct);
            return ExitCodes.Ok;
        });
        return command;
    }
}
